import Testing
import VigilCore

@Suite struct RemediationCoordinatorTests {
    enum Event: Sendable {
        case admit(plan: String, target: String)
        case release(plan: String, target: String)
    }

    struct Row: Sendable {
        var event: Event
        var admission: RemediationCoordinator.Admission?
        var running: [String: String]
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var limit: Int
        var rows: [Row]
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "one plan at a time per target; the default limit of one daemon-wide", limit: 1, rows: [
            Row(event: .admit(plan: "restart-db", target: "db"), admission: .admitted, running: ["db": "restart-db"]),
            Row(event: .admit(plan: "vacuum-db", target: "db"), admission: .skip(reason: .anotherPlanRunning(plan: "restart-db")),
                running: ["db": "restart-db"]),
            Row(event: .admit(plan: "restart-api", target: "api"), admission: .skip(reason: .concurrencyLimit(limit: 1)),
                running: ["db": "restart-db"]),
            Row(event: .release(plan: "vacuum-db", target: "db"), admission: nil, running: ["db": "restart-db"]),
            Row(event: .release(plan: "restart-db", target: "db"), admission: nil, running: [:]),
            Row(event: .admit(plan: "restart-api", target: "api"), admission: .admitted, running: ["api": "restart-api"]),
        ]),
        Scenario(name: "N-1 and N of max_concurrent_remediations", limit: 2, rows: [
            Row(event: .admit(plan: "a", target: "one"), admission: .admitted, running: ["one": "a"]),
            Row(event: .admit(plan: "b", target: "two"), admission: .admitted, running: ["one": "a", "two": "b"]),
            Row(event: .admit(plan: "c", target: "three"), admission: .skip(reason: .concurrencyLimit(limit: 2)),
                running: ["one": "a", "two": "b"]),
            Row(event: .admit(plan: "a2", target: "one"), admission: .skip(reason: .anotherPlanRunning(plan: "a")),
                running: ["one": "a", "two": "b"]),
        ]),
    ]

    @Test(arguments: scenarios) func table(_ scenario: Scenario) {
        var coordinator = RemediationCoordinator(maxConcurrentRemediations: scenario.limit)
        for (number, row) in scenario.rows.enumerated() {
            switch row.event {
            case let .admit(plan, target):
                #expect(coordinator.admit(plan: plan, target: target) == row.admission, "row \(number + 1)")
            case let .release(plan, target):
                coordinator.release(plan: plan, target: target)
            }
            #expect(coordinator.running == row.running, "row \(number + 1)")
        }
    }

    @Test func defaultIsOneAtATime() {
        #expect(RemediationCoordinator().maxConcurrentRemediations == 1)
    }
}
