import Foundation
import Testing
import VigilCore

/// A check that maintenance covers is still confirmed (its state stays truthful), but its plan
/// starts nothing and says why once; released, it acts at its next result.
@Suite struct MaintenanceHoldTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ second: Double) -> Date { t0.addingTimeInterval(second) }

    static let plan = RemediationPlan(name: "restart-db", steps: [.restartUnit("db.service")],
                                      budget: .init(maxAttempts: 2, window: .seconds(3600), backoff: .seconds(60),
                                                    backoffMax: .seconds(600), healthyFor: .seconds(600)),
                                      verification: .init(grace: .seconds(10), verifySuccesses: 2, verifyTimeout: .seconds(100)))

    static func feed(_ engine: inout DecisionEngine, _ status: Status, at second: Double) -> [EngineOutput] {
        engine.resultArrived(CheckResult(name: "db", kind: "memory", status: status, message: "down", durationMs: 1, timestamp: at(second)),
                             at: at(second))
    }

    static func steps(_ outputs: [EngineOutput]) -> Int {
        outputs.filter { if case .executeStep = $0 { true } else { false } }.count
    }

    @Test func aHeldCheckConfirmsButDoesNotRemediate() {
        let check = CheckDefinition(name: "db", kind: .memory,
                                    confirmation: ConfirmationPolicy(failure: .consecutive(failAfter: 1), recoverAfter: 1),
                                    remediation: "restart-db")
        var engine = DecisionEngine(configuration: VigilConfiguration(checks: [check], remediationPlans: ["restart-db": Self.plan]))
        engine.hold(["db": "silence SIL-20270115-0001"])
        var out = Self.feed(&engine, .critical, at: 0)
        #expect(out.contains { $0.event?.kind == .checkCritical }, "the check is still confirmed")
        #expect(out.compactMap(\.confirmedChange).map(\.status) == [.critical])
        #expect(Self.steps(out) == 0)
        let skip = out.compactMap(\.event).first { $0.kind == .remediationSkipped }
        #expect(skip?.value(of: "SKIP_REASON") == "maintenance")
        #expect(skip?.value(of: "REASON") == "held back by silence SIL-20270115-0001")
        out = Self.feed(&engine, .critical, at: 10)
        #expect(out.isEmpty, "the hold is said once")
        engine.hold([:])
        out = Self.feed(&engine, .critical, at: 20)
        #expect(Self.steps(out) == 1, "released, the plan acts")
    }
}
