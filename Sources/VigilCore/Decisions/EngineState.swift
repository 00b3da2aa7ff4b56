import FoundationEssentials

/// What the engine remembers about one check: its soft/hard state, its flapping, and whether a
/// dependency suppresses it.
public struct CheckMemory: Codable, Equatable, Sendable {
    public var state: CheckState
    public var flapping: FlapDetector
    /// The CRITICAL dependency this check is suppressed by; `nil` while it is judged on its own.
    public var suppressedBy: String?

    public init(_ definition: CheckDefinition) {
        state = CheckState(policy: definition.confirmation)
        flapping = definition.flapping.makeDetector()
    }
}

/// One plan acting on one target: its budget, and the last skip said, so that each reason to
/// skip is journaled once rather than on every result.
public struct PlanSlot: Codable, Equatable, Sendable {
    public var plan: String
    public var target: String
    public var mode: RemediationRun.Mode
    public var budget: RemediationBudget
    /// `SKIP_REASON` of the latest skip journaled; cleared when the plan runs or the check recovers.
    public var lastSkip: String?

    public init(plan: String, target: String, mode: RemediationRun.Mode, budget: RemediationBudget) {
        self.plan = plan
        self.target = target
        self.mode = mode
        self.budget = budget
    }

    /// The key of a slot: dry-run attempts spend a budget of their own, so trying a plan in
    /// dry-run never stops it for real.
    public static func key(plan: String, target: String, mode: RemediationRun.Mode) -> String {
        mode == .dryRun ? "\(plan)@\(target)#dry-run" : "\(plan)@\(target)"
    }
}

/// An attempt in progress: which check asked for it and where its run stands.
public struct ActiveRemediation: Codable, Equatable, Sendable {
    public var check: String
    public var slot: String
    public var attempt: Int
    public var startedAt: Date
    public var run: RemediationRun

    public init(check: String, slot: String, attempt: Int, startedAt: Date, run: RemediationRun) {
        self.check = check
        self.slot = slot
        self.attempt = attempt
        self.startedAt = startedAt
        self.run = run
    }

    /// The attempt's key in `vigil_actions` when its plan is `exclusive`: unique per slot and start.
    public var actionKey: String {
        "remediation:\(slot):\(attempt)@\(Int64((startedAt.timeIntervalSince1970 * 1000).rounded()))"
    }
}

/// Everything the engine must not forget across a restart, a crash or a watchdog kill: it is
/// written whole to the state directory after each batch of changes and loaded at start.
public struct EngineState: Codable, Equatable, Sendable {
    /// By check name.
    public var checks: [String: CheckMemory] = [:]
    /// By breaker target (`database:main`, `http://host:80`, `unit:NAME`).
    public var breakers: [String: CircuitBreaker] = [:]
    /// By `PlanSlot.key`.
    public var plans: [String: PlanSlot] = [:]
    /// Attempts in progress, by `PlanSlot.key`.
    public var running: [String: ActiveRemediation] = [:]
    public var coordinator = RemediationCoordinator()

    public init() {}
}
