import Foundation
import Testing
import VigilCore

/// Which confirmed changes open, join, reopen and resolve incidents: one root cause, one incident.
@Suite struct IncidentBookTests {
    @Test(arguments: [
        (IncidentPolicy.critical, Status.critical, true), (.critical, .warning, false), (.critical, .unknown, false),
        (.critical, .healthy, false), (.warning, .warning, true), (.warning, .critical, true), (.warning, .unknown, false),
        (.never, .critical, false), (.never, .warning, false),
    ])
    func thePolicyDecidesWhichStatusOpensAnIncident(policy: IncidentPolicy, status: Status, opens: Bool) {
        var book = IncidentBook()
        let outputs = book.checkConfirmed(check: "api", status: status, severity: .p1, policy: policy, at: Clock.t0)
        #expect(book.incidents.count == (opens ? 1 : 0))
        #expect(outputs.journalKinds == (opens ? [.incidentOpened] : []))
    }

    @Test func resolvesOnlyWhenEveryCheckIsHealthy() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.critical("api", .p1, suppressedBy: "database", at: 10)
        let partly = book.healthy("database", at: 100)
        #expect(partly.journalKinds.isEmpty)
        #expect(partly.changedIDs == [id])
        #expect(book.incident(id)?.status == .open)
        // UNKNOWN is not HEALTHY: the incident stays.
        _ = book.checkConfirmed(check: "api", status: .unknown, severity: .p1, at: Clock.at(150))
        #expect(book.incident(id)?.status == .open)
        let resolved = book.healthy("api", .p1, at: 200)
        #expect(resolved.journalKinds == [.incidentResolved])
        let incident = try #require(book.incident(id))
        #expect(incident.status == .resolved)
        #expect(incident.resolvedAt == Clock.at(200))
        #expect(resolved.compactMap(\.event).first?.value(of: "DURATION") == "200s")
        #expect(incident.timeline.map(\.kind) == [.opened, .notified, .checkJoined, .checkChanged, .checkChanged,
                                                  .checkChanged, .resolved, .notified])
        // A HEALTHY check outside any incident changes nothing.
        #expect(book.healthy("cache", at: 300).isEmpty)
    }

    @Test func aCheckSuppressedByItsDependencyJoinsTheDependencysIncident() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        let outputs = book.critical("api", .p1, suppressedBy: "database", at: 30)
        #expect(book.incidents.count == 1)
        #expect(book.incident(id)?.checkNames == ["database", "api"])
        #expect(outputs.journalKinds == [.incidentCheckJoined])
        #expect(outputs.notified.isEmpty)
        let event = try #require(outputs.first?.event)
        #expect(event.value(of: "CHECK") == "api")
        #expect(event.value(of: "CHECKS") == "database api")
        #expect(event.value(of: "PREVIOUS_SEVERITY") == nil)
    }

    @Test func aSuppressedCheckWhoseDependencyHasNoIncidentOpensItsOwn() {
        var book = IncidentBook()
        _ = book.checkConfirmed(check: "database", status: .critical, severity: .p0, policy: .never, at: Clock.t0)
        _ = book.critical("api", .p1, suppressedBy: "database", at: 30)
        #expect(book.incidents.map(\.checkNames) == [["api"]])
    }

    @Test func aCheckWithPolicyNeverDoesNotJoin() {
        var book = IncidentBook()
        _ = book.critical("database", at: 0)
        _ = book.checkConfirmed(check: "api", status: .critical, severity: .p1, policy: .never, suppressedBy: "database",
                                at: Clock.at(30))
        #expect(book.incidents.map(\.checkNames) == [["database"]])
    }

    @Test func theSeverityIsTheHighestOfItsChecksAndARaiseCallsTheNewPolicy() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("replica", .p2, at: 0).changedIDs.first)
        #expect(book.incident(id)?.severity == .p2)
        #expect(book.incident(id)?.escalationLevel == 0)
        let outputs = book.critical("api", .p0, suppressedBy: "replica", at: 60)
        let incident = try #require(book.incident(id))
        #expect(incident.severity == .p0)
        #expect(outputs.compactMap(\.event).first?.value(of: "PREVIOUS_SEVERITY") == "P2")
        #expect(outputs.notified == ["opened notifier:alert-team", "opened notifier:create-incident",
                                     "opened notifier:start-bridge", "opened role:on-call-engineer"])
        #expect(incident.escalationLevel == 1)
        #expect(book.nextDeadline == Clock.at(360))
        // A lower check joining keeps P0.
        _ = book.critical("cache", .p3, suppressedBy: "replica", at: 70)
        #expect(book.incident(id)?.severity == .p0)
    }

    @Test func aFlappingCheckOpensOneIncidentForItsEpisode() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("api", .p1, at: 0).changedIDs.first)
        // Two hours of flapping: far beyond reopenWithin, still the same incident.
        for minute in stride(from: 1.0, to: 120, by: 2) {
            _ = book.healthy("api", .p1, flapping: true, at: minute * 60)
            #expect(book.incident(id)?.status == .open)
            _ = book.critical("api", .p1, flapping: true, at: (minute + 1) * 60)
        }
        #expect(book.incidents.count == 1)
        _ = book.healthy("api", .p1, flapping: true, at: 7300)
        #expect(book.incident(id)?.status == .open)
        let ended = book.flappingEnded(check: "api", at: Clock.at(7400))
        #expect(ended.journalKinds == [.incidentResolved])
        #expect(book.incident(id)?.resolvedAt == Clock.at(7400))
    }

    @Test func aFlappingEpisodeEndingWhileFailingKeepsTheIncidentUntilHealthy() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("api", .p1, at: 0).changedIDs.first)
        _ = book.healthy("api", .p1, flapping: true, at: 60)
        _ = book.critical("api", .p1, flapping: true, at: 120)
        #expect(book.flappingEnded(check: "api", at: Clock.at(180)).journalKinds.isEmpty)
        #expect(book.incident(id)?.status == .open)
        #expect(book.healthy("api", .p1, at: 240).journalKinds == [.incidentResolved])
    }

    @Test(arguments: [
        (599.0, true), (600.0, true), (600.001, false), (3600.0, false),
    ])
    func aFailureSoonAfterResolutionReopensTheIncident(secondsAfterResolution: Double, reopens: Bool) throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.acknowledged(id: id, by: "alice", at: Clock.at(60))
        _ = book.healthy("database", at: 1000)
        let outputs = book.critical("database", at: 1000 + secondsAfterResolution)
        if reopens {
            #expect(book.incidents.count == 1)
            let incident = try #require(book.incident(id))
            #expect(incident.status == .open)
            #expect(incident.resolvedAt == nil)
            #expect(incident.acknowledgedBy == nil)
            #expect(incident.escalationLevel == 1)
            #expect(outputs.journalKinds == [.incidentReopened])
            #expect(outputs.notified.last == "opened role:on-call-engineer")
            #expect(book.nextDeadline == Clock.at(1000 + secondsAfterResolution + 300))
        } else {
            #expect(book.incidents.map(\.id.description) == ["INC-20270115-0001", "INC-20270115-0002"])
            #expect(outputs.journalKinds == [.incidentOpened])
        }
    }

    @Test func anotherChecksFailureDoesNotReopenSomeoneElsesIncident() {
        var book = IncidentBook()
        _ = book.critical("database", at: 0)
        _ = book.healthy("database", at: 100)
        _ = book.critical("api", .p1, at: 200)
        #expect(book.incidents.count == 2)
    }

    @Test func everyJournalEntryNamesItsIncident() throws {
        var book = IncidentBook()
        var outputs = book.critical("database", at: 0)
        let id = try #require(outputs.changedIDs.first)
        outputs += book.critical("api", .p1, suppressedBy: "database", at: 10)
        outputs += book.timePassed(at: Clock.at(300))
        outputs += book.acknowledged(id: id, by: "alice", at: Clock.at(400))
        outputs += book.timePassed(at: Clock.at(1800))
        outputs += book.healthy("database", at: 1900)
        outputs += book.healthy("api", .p1, at: 2000)
        outputs += book.critical("api", .p1, at: 2100)
        #expect(outputs.journalKinds == [.incidentOpened, .incidentCheckJoined, .incidentEscalated, .incidentAcknowledged,
                                         .incidentUpdate, .incidentResolved, .incidentReopened])
        #expect(outputs.compactMap(\.event).allSatisfy { $0.value(of: "INCIDENT_ID") == id.description })
    }
}

extension IncidentBookTests {
    @Test func remediationDecisionsGoToTheTimelineOfTheChecksUnresolvedIncident() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        let outputs = book.remediationDecided(check: "database", plan: "restart-primary", decision: "run",
                                              text: "plan restart-primary triggered (attempt 1 of 3)", at: Clock.at(5))
        #expect(outputs == [.changed(id)])
        #expect(book.incident(id)?.timeline.last == IncidentTimelineEntry(
            at: Clock.at(5), kind: .remediation, text: "database: plan restart-primary triggered (attempt 1 of 3)",
            check: "database", plan: "restart-primary", decision: "run"))
        _ = book.healthy("database", at: 100)
        // Resolved: nothing to add to, and a check in no incident has none either.
        #expect(book.remediationDecided(check: "database", text: "budget refilled", at: Clock.at(200)).isEmpty)
        #expect(book.remediationDecided(check: "api", text: "plan triggered", at: Clock.at(200)).isEmpty)
    }
}

extension IncidentBookTests {
    @Test func aFlappingEpisodesStartAndEndAreMarkedWithTheCheck() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("api", .p1, at: 0).changedIDs.first)
        _ = book.healthy("api", .p1, flapping: true, at: 60)
        _ = book.critical("api", .p1, flapping: true, at: 120)
        _ = book.healthy("api", .p1, flapping: true, at: 180)
        _ = book.flappingEnded(check: "api", at: Clock.at(240))
        _ = book.critical("api", .p1, at: 250)
        _ = book.critical("api", .p1, flapping: true, at: 300)
        _ = book.critical("api", .p1, at: 360)
        let marks = try #require(book.incident(id)).timeline.filter { $0.flapping != nil }
        #expect(marks.map(\.flapping) == [true, false, true, false])
        #expect(marks.map(\.at) == [Clock.at(60), Clock.at(240), Clock.at(300), Clock.at(360)])
        #expect(marks.allSatisfy { $0.kind == .checkChanged && $0.check == "api" })
        #expect(marks.first?.text == "api started flapping (HEALTHY)")
    }

    @Test func aCheckFlappingWhenItOpensTheIncidentStartsAnEpisode() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("api", .p1, flapping: true, at: 0).changedIDs.first)
        #expect(book.incident(id)?.timeline.filter { $0.flapping == true }.map(\.check) == ["api"])
    }

    @Test func aGiveUpKeepsItsNotifierAndReasonAsFields() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.notificationGaveUp(id: id, notifier: "pager", role: nil, event: .opened, reason: "HTTP 503 (8 attempts failed)",
                                    at: Clock.at(60))
        let entry = try #require(book.incident(id)?.timeline.last { $0.kind == .notificationFailed })
        #expect(entry.notifier == "pager")
        #expect(entry.reason == "HTTP 503 (8 attempts failed)")
    }
}
