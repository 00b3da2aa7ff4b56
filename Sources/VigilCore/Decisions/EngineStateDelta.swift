/// What changed between two engine states, entry by entry: one record of the state log, so that a
/// save costs in proportion to what changed instead of re-encoding every check's history.
///
/// Every entry holds its whole new value (never an increment), so applying a record twice, or
/// applying it to a state that already has it, gives the same state.
public struct EngineStateDelta: Codable, Equatable, Sendable {
    /// Which changes a record carries.
    public enum Scope: Sendable {
        /// What must be durable the moment it is decided: confirmed states, flapping, suppression,
        /// breakers, budgets, attempts. A check whose decisions did not change is left out even
        /// when its soft history did.
        case decisions
        /// Every difference, the soft histories too.
        case everything
    }

    public var checks: [String: CheckMemory] = [:]
    public var removedChecks: [String] = []
    public var breakers: [String: CircuitBreaker] = [:]
    public var removedBreakers: [String] = []
    public var plans: [String: PlanSlot] = [:]
    public var removedPlans: [String] = []
    public var running: [String: ActiveRemediation] = [:]
    public var removedRunning: [String] = []
    public var coordinator: RemediationCoordinator?

    public init() {}

    public var isEmpty: Bool { self == EngineStateDelta() }

    /// How many entries the record sets or removes.
    public var entryCount: Int {
        checks.count + removedChecks.count + breakers.count + removedBreakers.count + plans.count + removedPlans.count
            + running.count + removedRunning.count + (coordinator == nil ? 0 : 1)
    }

    /// The record that turns `old` into `new` within `scope`.
    public static func changes(from old: EngineState, to new: EngineState, scope: Scope) -> EngineStateDelta {
        var delta = EngineStateDelta()
        (delta.checks, delta.removedChecks) = differences(old.checks, new.checks) { before, after in
            switch scope {
            case .decisions: before.hasSameDecisions(as: after)
            case .everything: before == after
            }
        }
        (delta.breakers, delta.removedBreakers) = differences(old.breakers, new.breakers, same: ==)
        (delta.plans, delta.removedPlans) = differences(old.plans, new.plans, same: ==)
        (delta.running, delta.removedRunning) = differences(old.running, new.running, same: ==)
        if old.coordinator != new.coordinator { delta.coordinator = new.coordinator }
        return delta
    }

    /// Sets and removes this record's entries in `state`.
    public func apply(to state: inout EngineState) {
        apply(checks, removedChecks, to: &state.checks)
        apply(breakers, removedBreakers, to: &state.breakers)
        apply(plans, removedPlans, to: &state.plans)
        apply(running, removedRunning, to: &state.running)
        if let coordinator { state.coordinator = coordinator }
    }

    private static func differences<Value>(_ old: [String: Value], _ new: [String: Value],
                                           same: (Value, Value) -> Bool) -> ([String: Value], [String]) {
        var changed: [String: Value] = [:]
        for (key, value) in new {
            if let previous = old[key], same(previous, value) { continue }
            changed[key] = value
        }
        let removed = old.keys.filter { new[$0] == nil }.sorted()
        return (changed, removed)
    }

    private func apply<Value>(_ changed: [String: Value], _ removed: [String], to entries: inout [String: Value]) {
        for key in removed { entries[key] = nil }
        for (key, value) in changed { entries[key] = value }
    }

    // Empty parts are left out, so a record of one check is one check long.
    enum CodingKeys: String, CodingKey {
        case checks, removedChecks, breakers, removedBreakers, plans, removedPlans, running, removedRunning, coordinator
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        checks = try container.decodeIfPresent([String: CheckMemory].self, forKey: .checks) ?? [:]
        removedChecks = try container.decodeIfPresent([String].self, forKey: .removedChecks) ?? []
        breakers = try container.decodeIfPresent([String: CircuitBreaker].self, forKey: .breakers) ?? [:]
        removedBreakers = try container.decodeIfPresent([String].self, forKey: .removedBreakers) ?? []
        plans = try container.decodeIfPresent([String: PlanSlot].self, forKey: .plans) ?? [:]
        removedPlans = try container.decodeIfPresent([String].self, forKey: .removedPlans) ?? []
        running = try container.decodeIfPresent([String: ActiveRemediation].self, forKey: .running) ?? [:]
        removedRunning = try container.decodeIfPresent([String].self, forKey: .removedRunning) ?? []
        coordinator = try container.decodeIfPresent(RemediationCoordinator.self, forKey: .coordinator)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !checks.isEmpty { try container.encode(checks, forKey: .checks) }
        if !removedChecks.isEmpty { try container.encode(removedChecks, forKey: .removedChecks) }
        if !breakers.isEmpty { try container.encode(breakers, forKey: .breakers) }
        if !removedBreakers.isEmpty { try container.encode(removedBreakers, forKey: .removedBreakers) }
        if !plans.isEmpty { try container.encode(plans, forKey: .plans) }
        if !removedPlans.isEmpty { try container.encode(removedPlans, forKey: .removedPlans) }
        if !running.isEmpty { try container.encode(running, forKey: .running) }
        if !removedRunning.isEmpty { try container.encode(removedRunning, forKey: .removedRunning) }
        try container.encodeIfPresent(coordinator, forKey: .coordinator)
    }
}

extension CheckMemory {
    /// Whether both say the same about the check: confirmed status and since when, policy,
    /// flapping and suppression. The soft history (the latest results, the flapping percent) may
    /// differ: losing it in a crash only means a few results are gathered again.
    public func hasSameDecisions(as other: CheckMemory) -> Bool {
        state.hard == other.state.hard && state.since == other.state.since && state.policy == other.state.policy
            && flapping.isFlapping == other.flapping.isFlapping && flapping.flappingSince == other.flapping.flappingSince
            && flapping.flapLow == other.flapping.flapLow && flapping.flapHigh == other.flapping.flapHigh
            && suppressedBy == other.suppressedBy
    }
}
