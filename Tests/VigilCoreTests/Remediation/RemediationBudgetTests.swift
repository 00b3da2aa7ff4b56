import Foundation
import Testing
import VigilCore

@Suite struct RemediationBudgetTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
    static func minute(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    enum Event: Sendable {
        case request, finished(succeeded: Bool), healthy, unhealthy, resume
    }

    enum Output: Sendable, Equatable {
        case decision(RemediationBudget.Decision)
        case change(RemediationBudget.Change?)
        case nothing
    }

    /// One row: at `minute` after t0 feed `event`, expect `output`, then `stopped`.
    struct Row: Sendable {
        var minute: Double
        var event: Event
        var output: Output
        var stopped: Bool = false
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var policy = RemediationBudget.Policy()
        var rows: [Row]
        var testDescription: String { name }
    }

    static func run(_ attempt: Int, left: Int) -> Output { .decision(.run(attempt: attempt, budgetLeft: left)) }
    static func skip(_ reason: RemediationSkipReason) -> Output { .decision(.skip(reason: reason)) }

    /// Three failed attempts with the default policy: at 0, 2 and 5 minutes, each failing a minute later.
    static let spending: [Row] = [
        Row(minute: 0, event: .request, output: run(1, left: 2)),
        Row(minute: 1, event: .finished(succeeded: false), output: .change(nil)),
        Row(minute: 1.5, event: .request, output: skip(.backoff(nextAllowedAt: minute(2)))),
        Row(minute: 2, event: .request, output: run(2, left: 1)),
        Row(minute: 3, event: .finished(succeeded: false), output: .change(nil)),
        Row(minute: 4.99, event: .request, output: skip(.backoff(nextAllowedAt: minute(5)))),
        Row(minute: 5, event: .request, output: run(3, left: 0)),
        Row(minute: 6, event: .finished(succeeded: false), output: .change(.spent), stopped: true),
    ]

    static let scenarios: [Scenario] = [
        Scenario(name: "budget is spent at maxAttempts failed attempts, not before; then stopped", rows: spending + [
            Row(minute: 40, event: .request, output: skip(.stopped), stopped: true),
        ]),
        Scenario(name: "asking once more with the window full spends it even after successes", rows: [
            Row(minute: 0, event: .request, output: run(1, left: 2)),
            Row(minute: 1, event: .finished(succeeded: true), output: .change(nil)),
            Row(minute: 2, event: .request, output: run(2, left: 1)),
            Row(minute: 3, event: .finished(succeeded: true), output: .change(nil)),
            Row(minute: 5, event: .request, output: run(3, left: 0)),
            Row(minute: 6, event: .finished(succeeded: true), output: .change(nil)),
            Row(minute: 20, event: .request, output: skip(.budgetSpent), stopped: true),
            Row(minute: 21, event: .request, output: skip(.stopped), stopped: true),
        ]),
        Scenario(name: "backoff doubles per attempt and stops at backoffMax",
                 policy: .init(maxAttempts: 10, window: .seconds(36_000), backoff: .seconds(60), backoffMax: .seconds(300)),
                 rows: [
                     Row(minute: 0, event: .request, output: run(1, left: 9)),
                     Row(minute: 0, event: .finished(succeeded: false), output: .change(nil)),
                     Row(minute: 0.99, event: .request, output: skip(.backoff(nextAllowedAt: minute(1)))),
                     Row(minute: 1, event: .request, output: run(2, left: 8)),
                     Row(minute: 1, event: .finished(succeeded: false), output: .change(nil)),
                     Row(minute: 2.99, event: .request, output: skip(.backoff(nextAllowedAt: minute(3)))),
                     Row(minute: 3, event: .request, output: run(3, left: 7)),
                     Row(minute: 3, event: .finished(succeeded: false), output: .change(nil)),
                     Row(minute: 6.99, event: .request, output: skip(.backoff(nextAllowedAt: minute(7)))),
                     Row(minute: 7, event: .request, output: run(4, left: 6)),
                     Row(minute: 7, event: .finished(succeeded: false), output: .change(nil)),
                     Row(minute: 11.99, event: .request, output: skip(.backoff(nextAllowedAt: minute(12)))),
                     Row(minute: 12, event: .request, output: run(5, left: 5)),
                     Row(minute: 12, event: .finished(succeeded: false), output: .change(nil)),
                     Row(minute: 16.99, event: .request, output: skip(.backoff(nextAllowedAt: minute(17)))),
                     Row(minute: 17, event: .request, output: run(6, left: 4)),
                 ]),
        Scenario(name: "backoff runs from the end of the attempt", rows: [
            Row(minute: 0, event: .request, output: run(1, left: 2)),
            Row(minute: 0.5, event: .request, output: skip(.backoff(nextAllowedAt: minute(1)))),
            Row(minute: 4, event: .finished(succeeded: false), output: .change(nil)),
            Row(minute: 4.5, event: .request, output: skip(.backoff(nextAllowedAt: minute(5)))),
        ]),
        Scenario(name: "an attempt still inside the window counts (29m59s)",
                 policy: .init(maxAttempts: 2), rows: [
                     Row(minute: 0, event: .request, output: run(1, left: 1)),
                     Row(minute: 1, event: .finished(succeeded: true), output: .change(nil)),
                     Row(minute: 10, event: .request, output: run(2, left: 0)),
                     Row(minute: 11, event: .finished(succeeded: true), output: .change(nil)),
                     Row(minute: 29 + 59.0 / 60, event: .request, output: skip(.budgetSpent), stopped: true),
                 ]),
        Scenario(name: "an attempt falls out of the window after it (30m)",
                 policy: .init(maxAttempts: 2), rows: [
                     Row(minute: 0, event: .request, output: run(1, left: 1)),
                     Row(minute: 1, event: .finished(succeeded: true), output: .change(nil)),
                     Row(minute: 10, event: .request, output: run(2, left: 0)),
                     Row(minute: 11, event: .finished(succeeded: true), output: .change(nil)),
                     Row(minute: 30, event: .request, output: run(3, left: 0)),
                 ]),
        Scenario(name: "healthyFor of health refills a stopped budget, and not a second before", rows: spending + [
            Row(minute: 10, event: .healthy, output: .change(nil), stopped: true),
            Row(minute: 19.99, event: .healthy, output: .change(nil), stopped: true),
            Row(minute: 20, event: .healthy, output: .change(.refilled(healthySince: minute(10)))),
            Row(minute: 21, event: .healthy, output: .change(nil)),
            Row(minute: 22, event: .unhealthy, output: .nothing),
            Row(minute: 22, event: .request, output: run(1, left: 2)),
            Row(minute: 23, event: .finished(succeeded: false), output: .change(nil)),
            Row(minute: 23.5, event: .request, output: skip(.backoff(nextAllowedAt: minute(24)))),
        ]),
        Scenario(name: "a non-healthy result starts the healthy stretch over", rows: spending + [
            Row(minute: 10, event: .healthy, output: .change(nil), stopped: true),
            Row(minute: 15, event: .unhealthy, output: .nothing, stopped: true),
            Row(minute: 16, event: .healthy, output: .change(nil), stopped: true),
            Row(minute: 25, event: .healthy, output: .change(nil), stopped: true),
            Row(minute: 26, event: .healthy, output: .change(.refilled(healthySince: minute(16)))),
        ]),
        Scenario(name: "health refills a budget that is not stopped, forgetting backoff", rows: [
            Row(minute: 0, event: .request, output: run(1, left: 2)),
            Row(minute: 1, event: .finished(succeeded: true), output: .change(nil)),
            Row(minute: 1, event: .healthy, output: .change(nil)),
            Row(minute: 11, event: .healthy, output: .change(.refilled(healthySince: minute(1)))),
            Row(minute: 12, event: .healthy, output: .change(nil)),
        ]),
        Scenario(name: "resume re-arms a stopped plan with a full budget", rows: spending + [
            Row(minute: 7, event: .resume, output: .change(.resumed)),
            Row(minute: 7, event: .request, output: run(1, left: 2)),
            Row(minute: 8, event: .resume, output: .change(nil)),
        ]),
    ]

    @Test(arguments: scenarios) func table(_ scenario: Scenario) {
        var budget = RemediationBudget(policy: scenario.policy)
        for (number, row) in scenario.rows.enumerated() {
            let now = Self.minute(row.minute)
            let output: Output
            switch row.event {
            case .request: output = .decision(budget.attemptRequested(at: now))
            case let .finished(succeeded): output = .change(budget.attemptFinished(succeeded: succeeded, at: now))
            case .healthy: output = .change(budget.targetHealthy(at: now))
            case .resume: output = .change(budget.resume(at: now))
            case .unhealthy:
                budget.targetUnhealthy(at: now)
                output = .nothing
            }
            #expect(output == row.output, "row \(number + 1)")
            #expect(budget.isStopped == row.stopped, "row \(number + 1)")
        }
    }

    @Test(arguments: [(1, 60), (2, 120), (3, 240), (4, 480), (5, 900), (6, 900), (1000, 900), (0, 60)])
    func backoffDelay(afterAttempt attempt: Int, seconds: Int64) {
        #expect(RemediationBudget.Policy().delay(afterAttempt: attempt) == .seconds(seconds))
    }

    @Test func traceFieldsAreReadable() {
        var budget = RemediationBudget()
        _ = budget.attemptRequested(at: Self.minute(0))
        #expect(budget.budgetLeft(at: Self.minute(1)) == 2)
        #expect(budget.nextAllowedAt == Self.minute(1))
        #expect(budget.budgetLeft(at: Self.minute(30)) == 3)
    }

    @Test func aRestartDoesNotRefillOrForgetTheBackoff() throws {
        var budget = RemediationBudget()
        _ = budget.attemptRequested(at: Self.minute(0))
        // The daemon dies during the attempt; what it persisted is loaded again.
        var reloaded = try JSONDecoder().decode(RemediationBudget.self, from: JSONEncoder().encode(budget))
        #expect(reloaded == budget)
        #expect(reloaded.attemptRequested(at: Self.minute(0.5)) == .skip(reason: .backoff(nextAllowedAt: Self.minute(1))))

        var spent = RemediationBudget()
        for row in Self.spending { apply(row, to: &spent) }
        var stopped = try JSONDecoder().decode(RemediationBudget.self, from: JSONEncoder().encode(spent))
        #expect(stopped.isStopped)
        #expect(stopped.attemptRequested(at: Self.minute(60)) == .skip(reason: .stopped))
    }

    private func apply(_ row: Row, to budget: inout RemediationBudget) {
        let now = Self.minute(row.minute)
        switch row.event {
        case .request: _ = budget.attemptRequested(at: now)
        case let .finished(succeeded): _ = budget.attemptFinished(succeeded: succeeded, at: now)
        case .healthy: _ = budget.targetHealthy(at: now)
        case .unhealthy: budget.targetUnhealthy(at: now)
        case .resume: _ = budget.resume(at: now)
        }
    }
}
