import Foundation
import Testing
import VigilCore

@Suite struct EngineStateDeltaTests {
    static func at(_ step: Int) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + 60 * Double(step)) }

    /// A check's memory after `statuses`, one result a minute from `start`.
    static func memory(_ name: String, _ statuses: [Status], start: Int = 0) -> CheckMemory {
        var memory = CheckMemory(CheckDefinition(name: name, kind: .memory))
        for (offset, status) in statuses.enumerated() {
            _ = memory.state.resultArrived(status, at: at(start + offset))
            _ = memory.flapping.resultArrived(status, at: at(start + offset))
        }
        return memory
    }

    /// 1000 checks confirmed HEALTHY, with a breaker, a plan and its coordinator.
    static func fleet() -> EngineState {
        var state = EngineState()
        for index in 0..<1000 { state.checks["check_\(index)"] = memory("check_\(index)", [.healthy, .healthy, .healthy]) }
        state.breakers["database:main"] = CircuitBreaker(settings: .init())
        state.plans["restart@db"] = PlanSlot(plan: "restart", target: "db", mode: .enforce, budget: RemediationBudget())
        return state
    }

    @Test("one more HEALTHY result is soft history: no decision to write, one check in everything")
    func softHistoryIsNotADecision() {
        let old = Self.fleet()
        var new = old
        new.checks["check_7"] = Self.memory("check_7", [.healthy, .healthy, .healthy, .healthy])
        #expect(EngineStateDelta.changes(from: old, to: new, scope: .decisions).isEmpty)
        let everything = EngineStateDelta.changes(from: old, to: new, scope: .everything)
        #expect(everything.checks.keys.sorted() == ["check_7"])
        #expect(everything.entryCount == 1)
    }

    @Test("a soft CRITICAL is history; the confirming one is a decision carrying the whole check")
    func confirmationIsADecision() {
        var old = EngineState()
        old.checks["db"] = Self.memory("db", [.healthy, .healthy, .critical, .critical])
        var new = old
        new.checks["db"] = Self.memory("db", [.healthy, .healthy, .critical, .critical, .critical])
        #expect(old.checks["db"]?.state.hard == .healthy)
        #expect(new.checks["db"]?.state.hard == .critical)
        let delta = EngineStateDelta.changes(from: old, to: new, scope: .decisions)
        #expect(delta.checks == ["db": new.checks["db"]!])
        var applied = old
        delta.apply(to: &applied)
        #expect(applied == new)
    }

    @Test("budgets, breakers, attempts and the coordinator are decisions; removals are recorded")
    func everythingButHistoryIsADecision() {
        let old = Self.fleet()
        var new = old
        var slot = new.plans["restart@db"]!
        _ = slot.budget.attemptRequested(at: Self.at(5))
        new.plans["restart@db"] = slot
        new.breakers["database:main"] = nil
        new.breakers["http://api"] = CircuitBreaker(settings: .init())
        new.checks["check_999"] = nil
        _ = new.coordinator.admit(plan: "restart", target: "db")
        let delta = EngineStateDelta.changes(from: old, to: new, scope: .decisions)
        #expect(delta.plans.keys.sorted() == ["restart@db"])
        #expect(delta.breakers.keys.sorted() == ["http://api"])
        #expect(delta.removedBreakers == ["database:main"])
        #expect(delta.removedChecks == ["check_999"])
        #expect(delta.coordinator == new.coordinator)
        var applied = old
        delta.apply(to: &applied)
        #expect(applied == new)
    }

    @Test("applying a record twice, or over a state that has it, changes nothing more")
    func applyingIsIdempotent() {
        let old = Self.fleet()
        var new = old
        new.checks["check_1"] = Self.memory("check_1", [.critical, .critical, .critical])
        new.plans = [:]
        let delta = EngineStateDelta.changes(from: old, to: new, scope: .everything)
        var once = old
        delta.apply(to: &once)
        var twice = once
        delta.apply(to: &twice)
        #expect(once == new)
        #expect(twice == new)
    }

    @Test("the record of one changed check among 1000 encodes to a small part of the whole state")
    func recordCostsInProportion() throws {
        let old = Self.fleet()
        var new = old
        new.checks["check_3"] = Self.memory("check_3", [.healthy, .healthy, .critical, .critical, .critical])
        let encoder = JSONEncoder()
        let record = try encoder.encode(EngineStateDelta.changes(from: old, to: new, scope: .decisions))
        let whole = try encoder.encode(new)
        #expect(record.count * 500 < whole.count, "record \(record.count) bytes, state \(whole.count) bytes")
        let decoded = try JSONDecoder().decode(EngineStateDelta.self, from: record)
        #expect(decoded == EngineStateDelta.changes(from: old, to: new, scope: .decisions))
        // Empty parts are left out of the record.
        let text = String(decoding: record, as: UTF8.self)
        #expect(!text.contains("removed") && !text.contains("plans") && !text.contains("coordinator"), "\(text)")
    }
}
