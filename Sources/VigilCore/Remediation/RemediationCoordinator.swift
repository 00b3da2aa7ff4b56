/// Keeps remediations from piling up: one plan at a time per target, and at most
/// `maxConcurrentRemediations` daemon-wide.
///
/// Ask it before the budget (`admit`, then `RemediationBudget.attemptRequested`) so a plan that
/// has to wait spends no attempt; `release` the target when the attempt ends or the budget says skip.
public struct RemediationCoordinator: Sendable, Equatable, Codable {
    public enum Admission: Sendable, Equatable {
        case admitted
        case skip(reason: RemediationSkipReason)
    }

    /// Default 1: remediations of different targets are rarely independent (restart the database
    /// and the API at once and neither verifies), so by default they take turns.
    public var maxConcurrentRemediations: Int
    /// The plan running on each target.
    public private(set) var running: [String: String] = [:]

    public init(maxConcurrentRemediations: Int = 1) {
        self.maxConcurrentRemediations = maxConcurrentRemediations
    }

    public mutating func admit(plan: String, target: String) -> Admission {
        if let other = running[target] {
            return .skip(reason: .anotherPlanRunning(plan: other))
        }
        guard running.count < maxConcurrentRemediations else {
            return .skip(reason: .concurrencyLimit(limit: maxConcurrentRemediations))
        }
        running[target] = plan
        return .admitted
    }

    /// The plan's attempt on `target` is over (or never started).
    public mutating func release(plan: String, target: String) {
        if running[target] == plan { running[target] = nil }
    }
}
