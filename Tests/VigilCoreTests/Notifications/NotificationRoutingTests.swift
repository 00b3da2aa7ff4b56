import Foundation
import Testing
import VigilCore

/// From the book's notifications to deliveries: one per notifier of the recipient, the seed's text
/// rendered, and an idempotency key that a notification decided again gets again.
@Suite struct NotificationRoutingTests {
    static let settings = IncidentSettings(
        statusPageURL: "https://status.example.com",
        roles: ["on-call-engineer": ["pager", "mail"], "tech-lead": ["mail"], "cto": []],
        notifiers: ["pager": NotifierSettings(name: "pager", kind: .webhook(url: "http://x", headers: [:], secret: nil)),
                    "mail": NotifierSettings(name: "mail", kind: .command(argv: ["/usr/sbin/sendmail", "-t"], environment: [:])),
                    "alert-team": NotifierSettings(name: "alert-team", kind: .journal)])

    static func opened() -> [IncidentOutput] {
        var book = IncidentBook(settings: settings)
        return book.critical("database", at: 0)
    }

    @Test func aRoleIsReachedThroughEachOfItsNotifiersWithTheSeedTemplate() throws {
        let notification = try #require(Self.opened().compactMap(\.notification).first { $0.recipient == .role("on-call-engineer") })
        let deliveries = NotificationRouting.deliveries(for: notification, settings: Self.settings, currentActions: "- plan x: ready",
                                                        at: Clock.at(1))
        #expect(deliveries.map(\.notifier) == ["pager", "mail"])
        let delivery = try #require(deliveries.first)
        #expect(delivery.role == "on-call-engineer")
        #expect(delivery.event == .opened)
        #expect(delivery.subject == "[INCIDENT] P0 - database is CRITICAL")
        #expect(delivery.body.contains("Severity: P0\n"))
        #expect(delivery.body.contains("Current Actions:\n- plan x: ready\n"))
        #expect(delivery.body.contains("Status Page: https://status.example.com"))
        #expect(delivery.body.contains("Next Update: " + WallClock.text(Clock.at(1800))))
        #expect(delivery.id == "\(notification.incident.id).\(notification.incident.timeline.count).opened.on-call-engineer.pager")
        #expect(Set(deliveries.map(\.id)).count == 2)
    }

    @Test func theSameDecisionGivesTheSameKeysAndAnAutoActionHasNoRole() throws {
        let first = Self.opened().compactMap(\.notification)
        let again = Self.opened().compactMap(\.notification)
        let keys = { (notifications: [IncidentNotification]) in
            notifications.flatMap { NotificationRouting.deliveries(for: $0, settings: Self.settings, currentActions: "", at: Clock.at(0)) }.map(\.id)
        }
        #expect(keys(first) == keys(again))
        let auto = try #require(first.first { $0.recipient == .notifier("alert-team") })
        let deliveries = NotificationRouting.deliveries(for: auto, settings: Self.settings, currentActions: "", at: Clock.at(0))
        #expect(deliveries.map(\.role) == [nil])
        #expect(deliveries.first?.body.contains("Current Actions:\nnone\n") == true)
    }

    @Test func aRoleWithNoNotifierOrAnUndefinedOneGetsNoDelivery() throws {
        var incident = try #require(Self.opened().compactMap(\.notification).first).incident
        incident.status = .open
        for recipient in [IncidentNotification.Recipient.role("cto"), .role("nobody"), .notifier("start-bridge")] {
            let notification = IncidentNotification(recipient: recipient, event: .escalated, incident: incident)
            #expect(NotificationRouting.deliveries(for: notification, settings: Self.settings, currentActions: "", at: Clock.at(0)).isEmpty)
        }
    }

    @Test func aNotifierThatGaveUpOnTheCurrentLevelEscalatesAtOnce() throws {
        var book = IncidentBook(settings: Self.settings)
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        let outputs = book.notificationGaveUp(id: id, notifier: "pager", role: "on-call-engineer", event: .opened,
                                              reason: "HTTP 503", at: Clock.at(60))
        #expect(outputs.escalatedRoles == ["tech-lead"])
        #expect(outputs.journalKinds == [.incidentEscalated])
        let incident = try #require(book.incident(id))
        #expect(incident.escalationLevel == 2)
        #expect(incident.timeline.contains { $0.kind == .notificationFailed && $0.text.contains("pager gave up") && $0.text.contains("HTTP 503") })
        // The next level's own respondWithin starts now, not at the opening.
        #expect(book.timePassed(at: Clock.at(300)).escalatedRoles.isEmpty)
        #expect(book.timePassed(at: Clock.at(360)).escalatedRoles == ["engineering-manager"])
    }

    @Test func aGiveUpForAnEarlierLevelOrAnAcknowledgedIncidentOnlyGoesOnTheTimeline() throws {
        var book = IncidentBook(settings: Self.settings)
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.timePassed(at: Clock.at(300))
        let late = book.notificationGaveUp(id: id, notifier: "mail", role: "on-call-engineer", event: .opened, reason: "exit 75", at: Clock.at(310))
        #expect(late.escalatedRoles.isEmpty)
        _ = book.acknowledged(id: id, by: "alice", at: Clock.at(320))
        let acknowledged = book.notificationGaveUp(id: id, notifier: "mail", role: "tech-lead", event: .escalated, reason: "exit 75", at: Clock.at(330))
        #expect(acknowledged.escalatedRoles.isEmpty)
        #expect(book.incident(id)?.timeline.filter { $0.kind == .notificationFailed }.count == 2)
    }

    @Test func currentActionsSayWhatEachPlanOfTheIncidentsChecksDoes() throws {
        let incident = try #require(Self.opened().compactMap(\.notification).first).incident
        let now = Clock.at(100)
        let plans = [
            DecisionSnapshot.PlanView(plan: "restart-db", target: "database", mode: .enforce, budgetLeft: 2, maxAttempts: 3,
                                      running: DecisionSnapshot.RunningView(check: "database", attempt: 1, startedAt: now,
                                                                            phase: "step 1 of 2: restart_unit postgresql.service")),
            DecisionSnapshot.PlanView(plan: "other", target: "api", mode: .enforce, budgetLeft: 3, maxAttempts: 3),
        ]
        let text = CurrentActions.text(for: incident, planOfCheck: ["database": "restart-db", "api": "other"], plans: plans, at: now)
        #expect(text == "- plan restart-db on database: attempt 1 running for database, step 1 of 2: restart_unit postgresql.service")
        var stopped = plans[0]
        stopped.running = nil
        stopped.budgetLeft = 0
        stopped.stoppedSince = Clock.at(50)
        #expect(CurrentActions.text(for: incident, planOfCheck: ["database": "restart-db"], plans: [stopped], at: now)
            .contains("budget spent; it acts again after `vigil resume restart-db`"))
        var waiting = stopped
        waiting.stoppedSince = nil
        waiting.budgetLeft = 1
        waiting.nextAllowedAt = Clock.at(400)
        #expect(CurrentActions.text(for: incident, planOfCheck: ["database": "restart-db"], plans: [waiting], at: now)
            == "- plan restart-db on database: waiting out its backoff until \(WallClock.text(Clock.at(400))) (1 of 3 attempts left)")
        #expect(CurrentActions.text(for: incident, planOfCheck: [:], plans: plans, at: now) == "")
    }

    @Test func unresolvedIncidentsArePostedAgainToTheAlertmanagersTheirAudienceReaches() throws {
        var settings = Self.settings
        settings.notifiers["am"] = NotifierSettings(name: "am", kind: .alertmanager(url: "http://127.0.0.1:9093"))
        settings.roles["on-call-engineer"] = ["pager", "am"]
        settings.escalation[.p0]?.autoActions = ["am", "alert-team"]
        var book = IncidentBook(settings: settings)
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.critical("api", .p2, at: 1)  // P2: nobody told, so no Alertmanager either
        let refreshes = NotificationRouting.alertRefreshes(of: book.unresolved, audience: book.audience(of:), settings: settings,
                                                           at: Clock.at(60))
        #expect(refreshes.map(\.id) == ["\(id).refresh.am"])
        #expect(refreshes.first?.event == .update)
        _ = book.healthy("database", at: 70)
        #expect(NotificationRouting.alertRefreshes(of: book.unresolved, audience: book.audience(of:), settings: settings,
                                                   at: Clock.at(120)).isEmpty)
    }
}
