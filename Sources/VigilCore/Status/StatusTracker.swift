import FoundationEssentials

/// Remembers the latest result of every check, for the report; what a change means is the
/// decision engine's to say.
public struct StatusTracker: Sendable, Equatable {
    public private(set) var latest: [String: CheckResult] = [:]

    public init() {}

    public mutating func record(_ result: CheckResult) {
        latest[result.name] = result
    }

    /// Forgets checks that a reload removed; the others keep their state.
    public mutating func retain(only names: Set<String>) {
        latest = latest.filter { names.contains($0.key) }
    }

    /// The report over the given checks, in their order; checks without a result yet are UNKNOWN.
    public func report(for checks: [CheckDefinition], at timestamp: Date) -> HealthReport {
        HealthReport(checks: checks.map { latest[$0.name] ?? .notRun($0, reason: "not run yet", at: timestamp) },
                     at: timestamp)
    }
}
