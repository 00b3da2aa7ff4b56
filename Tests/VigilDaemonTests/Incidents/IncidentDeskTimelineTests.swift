import Dispatch
import Foundation
import Testing
import VigilCore
import VigilSystemd
import VigilTestSupport
@testable import VigilDaemon

/// What the desk puts on an incident's timeline from the decision trace and the outbox: the
/// journal entry's `CHECK`, `PLAN` and `DECISION`, and the notifier that gave up, as fields the
/// review counts, and each change saved in the incident's file.
@Suite struct IncidentDeskTimelineTests {
    private struct Quiet: EventSink {
        func write(_ event: JournalEvent) {}
    }

    @Test func remediationDecisionsAndGiveUpsKeepTheirFieldsInTheIncidentFile() throws {
        let directory = try ScratchDirectory()
        let queue = DispatchQueue(label: "test.incident-desk")
        let desk = IncidentDesk(queue: queue, sink: Quiet(), stateDirectory: directory.path)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let policy = RemediationBudget.Policy(maxAttempts: 3, window: .seconds(3600), healthyFor: .seconds(600))
        queue.sync {
            desk.load()
            desk.confirmed(ConfirmedChange(check: "db", status: .critical, previous: .healthy, severity: .p1), at: now)
            desk.remediationDecided(.remediationTriggered(check: "db", plan: "restart-db", target: "db", attempt: 1, budgetLeft: 2,
                                                          nextAllowedAt: nil, mode: .enforce), at: now + 1)
            desk.remediationDecided(.remediationAttemptFailed(check: "db", plan: "restart-db", attempt: 1, reason: "step 1 failed",
                                                              budgetLeft: 2, nextAllowedAt: nil), at: now + 2)
            desk.remediationDecided(.remediationBudgetSpent(check: "db", plan: "restart-db", target: "db", policy: policy), at: now + 3)
            desk.stop()
        }
        let incident = try #require(IncidentFiles(stateDirectory: directory.path).load().incidents.first)
        let remediation = incident.timeline.filter { $0.kind == .remediation }
        #expect(remediation.map(\.decision) == ["run", "escalate", "stop"])
        #expect(remediation.allSatisfy { $0.plan == "restart-db" && $0.check == "db" })
        let review = IncidentReview(incidents: [incident], since: now - 1, until: now + 86_400, now: now + 10)
        #expect(review.remediation == [IncidentReview.PlanOutcomes(plan: "restart-db", triggered: 1, dryRun: 0, verified: 0, failed: 1)])
        #expect(review.budgetsSpent.map(\.incident) == [incident.id.description])
    }
}
