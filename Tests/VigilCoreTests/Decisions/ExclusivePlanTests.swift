import Foundation
import Testing
import VigilCore

/// `exclusive = true` plans: only while the daemon says this host leads the hosts of
/// `[coordination]` does a confirmed CRITICAL start one, and its steps carry the attempt's key in
/// `vigil_actions`; plans that are not exclusive never wait for leadership.
@Suite struct ExclusivePlanTests {
    typealias Engine = DecisionEngineTests

    static func engine(exclusive: Bool) -> DecisionEngine {
        var plan = Engine.plan()
        plan.exclusive = exclusive
        return DecisionEngine(configuration: Engine.configuration([Engine.check("db", database: "main", remediation: "restart-db")],
                                                                  plans: [plan]))
    }

    static func confirmCritical(_ engine: inout DecisionEngine, from second: Double) -> [EngineOutput] {
        (0..<3).flatMap { Engine.feed(&engine, "db", .critical, at: second + Double($0)) }
    }

    @Test("an exclusive plan waits, without spending its budget, until this host leads; then it runs with its action key")
    func waitsForLeadership() throws {
        var engine = Self.engine(exclusive: true)
        let held = Self.confirmCritical(&engine, from: 0)
        #expect(Engine.steps(held).isEmpty)
        let skip = held.compactMap(\.event).last { $0.kind == .remediationSkipped }
        #expect(skip?.value(of: "SKIP_REASON") == "not-leading")
        #expect(skip?.value(of: "REASON") == "leadership among the [coordination] hosts is not known yet")
        #expect(skip?.value(of: "BUDGET_LEFT") == "2")

        let following = HostLeadership.following(leader: "beta")
        engine.holdExclusive(following.holdReason(database: "main"))
        let stillHeld = Engine.feed(&engine, "db", .critical, at: 10)
        #expect(Engine.steps(stillHeld).isEmpty)
        #expect(Engine.kinds(stillHeld).isEmpty, "the skip is said once an episode; the leadership entry says who leads")

        engine.holdExclusive(HostLeadership.leading(epoch: 3).holdReason(database: "main"))
        let steps = Engine.steps(Engine.feed(&engine, "db", .critical, at: 20))
        #expect(steps.count == 1)
        let key = try #require(steps.first?.actionKey)
        #expect(key.hasPrefix("remediation:restart-db@") && key.hasSuffix(":1@\(Int64(Engine.at(20).timeIntervalSince1970 * 1000))"), "\(key)")
    }

    @Test("a plan that is not exclusive runs whatever the leadership, and its steps carry no action key")
    func ordinaryPlansIgnoreLeadership() {
        var engine = Self.engine(exclusive: false)
        engine.holdExclusive(HostLeadership.following(leader: "beta").holdReason(database: "main"))
        let steps = Engine.steps(Self.confirmCritical(&engine, from: 0))
        #expect(steps.count == 1)
        #expect(steps.first?.actionKey == nil)
    }

    @Test("a failed rollback's hold comes before leadership: the leader's exclusive plan waits for vigil resume rollback too")
    func rollbackHoldComesFirst() {
        var engine = Self.engine(exclusive: true)
        engine.holdExclusive(nil)
        engine.holdAll(.rollbackHeld("the rollback of 1.1 failed"))
        let outputs = Self.confirmCritical(&engine, from: 0)
        #expect(Engine.steps(outputs).isEmpty)
        #expect(outputs.compactMap(\.event).last { $0.kind == .remediationSkipped }?.value(of: "SKIP_REASON") == "rollback-held")
    }
}
