import FoundationEssentials

/// Why a remediation that a confirmed CRITICAL state asked for did not run; each one is a
/// `DECISION=skip` entry in the decision trace with its own `REASON`.
public enum RemediationSkipReason: Sendable, Equatable, Codable {
    /// The state is not confirmed yet (soft): soft states act on nothing.
    case softState
    /// The check is flapping: acting on it would feed the flapping.
    case flapping
    /// A parent check is confirmed CRITICAL; its dependents run nothing of their own.
    case dependency(parent: String)
    /// An earlier attempt was made too recently.
    case backoff(nextAllowedAt: Date)
    /// Every attempt of the window is used up: the plan stops acting on its target now.
    case budgetSpent
    /// The budget was spent earlier; waiting for `vigil resume` or a healthy target.
    case stopped
    /// Another plan is already working on the same target.
    case anotherPlanRunning(plan: String)
    /// The daemon-wide `max_concurrent_remediations` are all busy.
    case concurrencyLimit(limit: Int)
    /// A maintenance window or silence covers the check (`maintenance window nightly`, `silence SIL-…`).
    case maintenance(by: String)
    /// A rollback runs: no plan starts until it has ended.
    case rollbackRunning(String)
    /// A rollback failed: every automated action waits for `vigil resume rollback`.
    case rollbackHeld(String)
    /// An `exclusive` plan, and this host does not lead the hosts of `[coordination]` (another
    /// does, or the database is out of reach): the reason says which.
    case notLeading(String)

    /// A short stable name, the `SKIP_REASON` field.
    public var code: String {
        switch self {
        case .softState: "soft-state"
        case .flapping: "flapping"
        case .dependency: "dependency"
        case .backoff: "backoff"
        case .budgetSpent: "budget-spent"
        case .stopped: "stopped"
        case .anotherPlanRunning: "another-plan-running"
        case .concurrencyLimit: "concurrency-limit"
        case .maintenance: "maintenance"
        case .rollbackRunning: "rollback-running"
        case .rollbackHeld: "rollback-held"
        case .notLeading: "not-leading"
        }
    }

    /// The sentence for the `REASON` field and the message.
    public var text: String {
        switch self {
        case .softState: "state not confirmed yet"
        case .flapping: "check is flapping"
        case let .dependency(parent): "dependency \(parent) is CRITICAL"
        case let .backoff(next): "backoff until \(WallClock.text(next))"
        case .budgetSpent: "budget spent"
        case .stopped: "stopped after its budget was spent; waiting for resume or a healthy target"
        case let .anotherPlanRunning(plan): "plan \(plan) is already running on this target"
        case let .concurrencyLimit(limit): "max_concurrent_remediations (\(limit)) reached"
        case let .maintenance(by): "held back by \(by)"
        case let .rollbackRunning(reason), let .rollbackHeld(reason), let .notLeading(reason): reason
        }
    }
}
