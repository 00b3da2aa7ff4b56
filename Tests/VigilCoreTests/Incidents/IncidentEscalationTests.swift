import Foundation
import Testing
import VigilCore

/// Escalation by the seed's matrix, on a manual clock: every edge of `respondWithin`, every level,
/// the end of the path and its repetition, and the update notifications.
@Suite struct IncidentEscalationTests {
    enum Step: Sendable {
        case tick(Double)
        case ack(Double)
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var severity: Severity = .p0
        var steps: [Step]
        /// The roles escalated to, in order, over the whole scenario.
        var escalated: [String]
        var level: Int
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "a tick just before respondWithin escalates nothing", steps: [.tick(299.999)], escalated: [], level: 1),
        Scenario(name: "respondWithin reached: the second level", steps: [.tick(300)], escalated: ["tech-lead"], level: 2),
        Scenario(name: "ack just before respondWithin: nobody else is called",
                 steps: [.ack(299.999), .tick(300), .tick(600), .tick(7200)], escalated: [], level: 1),
        Scenario(name: "ack just after respondWithin: the second level was called, no more",
                 steps: [.tick(300), .ack(300.001), .tick(600), .tick(7200)], escalated: ["tech-lead"], level: 2),
        Scenario(name: "every level in turn, each respondWithin after the last",
                 steps: [.tick(300), .tick(599.999), .tick(600), .tick(899.999), .tick(900)],
                 escalated: ["tech-lead", "engineering-manager", "cto"], level: 4),
        Scenario(name: "the end of the path repeats the last level every respondWithin",
                 steps: [.tick(300), .tick(600), .tick(900), .tick(1199.999), .tick(1200), .tick(1500)],
                 escalated: ["tech-lead", "engineering-manager", "cto", "cto", "cto"], level: 4),
        Scenario(name: "a late tick calls every level that was due",
                 steps: [.tick(900)], escalated: ["tech-lead", "engineering-manager", "cto"], level: 4),
        Scenario(name: "a late tick at the end of the path repeats once, on the same grid",
                 steps: [.tick(900), .tick(2000), .tick(2099.999), .tick(2100)],
                 escalated: ["tech-lead", "engineering-manager", "cto", "cto", "cto"], level: 4),
        Scenario(name: "an acknowledged incident at the end of the path stops repeating",
                 steps: [.tick(900), .ack(1000), .tick(1200), .tick(7200)],
                 escalated: ["tech-lead", "engineering-manager", "cto"], level: 4),
        Scenario(name: "P1: 15 minutes, then the tech lead again and again", severity: .p1,
                 steps: [.tick(899.999), .tick(900), .tick(1800), .tick(2700)],
                 escalated: ["tech-lead", "tech-lead", "tech-lead"], level: 2),
        Scenario(name: "P2 has no path: nobody is escalated to", severity: .p2,
                 steps: [.tick(300), .tick(86_400)], escalated: [], level: 0),
    ]

    @Test(arguments: scenarios)
    func escalates(_ scenario: Scenario) throws {
        var book = IncidentBook()
        let opened = book.critical("database", scenario.severity, at: 0)
        let id = try #require(opened.changedIDs.first)
        var escalated: [String] = []
        for step in scenario.steps {
            switch step {
            case let .tick(second):
                let outputs = book.timePassed(at: Clock.at(second))
                escalated += outputs.escalatedRoles
                // Each escalation is journaled with its role and the incident.
                let events = outputs.compactMap(\.event).filter { $0.kind == .incidentEscalated }
                #expect(events.map { $0.value(of: "ROLE") } == outputs.escalatedRoles.map(Optional.some))
                #expect(events.allSatisfy { $0.value(of: "INCIDENT_ID") == id.description })
            case let .ack(second):
                _ = book.acknowledged(id: id, by: "alice", at: Clock.at(second))
            }
        }
        #expect(escalated == scenario.escalated)
        #expect(book.incident(id)?.escalationLevel == scenario.level)
    }

    @Test func openingRunsTheAutoActionsAndCallsTheFirstLevel() throws {
        var book = IncidentBook()
        let outputs = book.critical("database", at: 0)
        #expect(outputs.notified == ["opened notifier:alert-team", "opened notifier:create-incident",
                                     "opened notifier:start-bridge", "opened role:on-call-engineer"])
        #expect(outputs.journalKinds == [.incidentOpened])
        let incident = try #require(book.incidents.first)
        #expect(outputs.changedIDs == [incident.id])
        #expect(incident.escalationLevel == 1)
        #expect(book.nextDeadline == Clock.at(300))
        let event = try #require(outputs.first?.event)
        #expect(event.value(of: "INCIDENT_ID") == "INC-20270115-0001")
        #expect(event.priority == .critical)
    }

    @Test func theNextDeadlineFollowsEscalationThenUpdates() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.timePassed(at: Clock.at(300))
        #expect(book.nextDeadline == Clock.at(600))
        _ = book.acknowledged(id: id, by: "alice", at: Clock.at(400))
        // Escalation stopped; the next thing due is the update at 30 minutes.
        #expect(book.nextDeadline == Clock.at(1800))
    }

    @Test func acknowledgingTellsEveryoneAlreadyCalledWhoTookIt() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", at: 0).changedIDs.first)
        _ = book.timePassed(at: Clock.at(300))
        let outputs = book.acknowledged(id: id, by: "alice", note: "looking at the primary", at: Clock.at(320))
        #expect(outputs.notified == ["acknowledged notifier:alert-team", "acknowledged notifier:create-incident",
                                     "acknowledged notifier:start-bridge", "acknowledged role:on-call-engineer",
                                     "acknowledged role:tech-lead"])
        let event = try #require(outputs.first?.event)
        #expect(event.kind == .incidentAcknowledged)
        #expect(event.value(of: "ACKNOWLEDGED_BY") == "alice")
        #expect(event.value(of: "NOTE") == "looking at the primary")
        let incident = try #require(book.incident(id))
        #expect(incident.status == .acknowledged)
        #expect(incident.acknowledgedAt == Clock.at(320))
        #expect(incident.acknowledgedBy == "alice")
        #expect(incident.timeline.contains { $0.kind == .note && $0.text == "alice: looking at the primary" })
        // A second acknowledgement keeps the first one and tells nobody.
        let again = book.acknowledged(id: id, by: "bob", at: Clock.at(330))
        #expect(again.isEmpty)
        #expect(book.incident(id)?.acknowledgedBy == "alice")
    }

    @Test func updatesGoToEveryoneToldEveryUpdateEveryUntilResolved() throws {
        var book = IncidentBook()
        let id = try #require(book.critical("database", .p1, at: 0).changedIDs.first)
        _ = book.acknowledged(id: id, by: "alice", at: Clock.at(60))
        #expect(book.timePassed(at: Clock.at(1799.999)).notified.isEmpty)
        let first = book.timePassed(at: Clock.at(1800))
        #expect(first.notified == ["update notifier:alert-team", "update notifier:create-incident", "update role:on-call-engineer"])
        let event = try #require(first.compactMap(\.event).first { $0.kind == .incidentUpdate })
        #expect(event.value(of: "NEXT_UPDATE") == "2027-01-15T09:00:00Z")
        #expect(book.nextUpdate(of: try #require(book.incident(id))) == Clock.at(3600))
        #expect(book.timePassed(at: Clock.at(3599)).notified.isEmpty)
        #expect(book.timePassed(at: Clock.at(3600)).notified.count == 3)
        // A late tick sends one update and stays on the grid.
        #expect(book.timePassed(at: Clock.at(9000)).notified.count == 3)
        #expect(book.nextDeadline == Clock.at(10_800))
        let resolved = book.healthy("database", .p1, at: 9100)
        #expect(resolved.notified == ["resolved notifier:alert-team", "resolved notifier:create-incident",
                                      "resolved role:on-call-engineer"])
        #expect(book.timePassed(at: Clock.at(20_000)).notified.isEmpty)
    }

    @Test func anIncidentNobodyIsToldOfGetsNoUpdates() {
        var book = IncidentBook()
        let outputs = book.critical("disk", .p3, at: 0)
        #expect(outputs.notified.isEmpty)
        #expect(outputs.journalKinds == [.incidentOpened])
        #expect(book.timePassed(at: Clock.at(86_400)).isEmpty)
        #expect(book.nextDeadline == nil)
    }
}
