import Foundation

/// Remembers the latest result of every check and says when a status changed, so the journal
/// gets one entry per change rather than one per run.
public struct StatusTracker: Sendable, Equatable {
    public private(set) var latest: [String: CheckResult] = [:]

    public init() {}

    /// Stores the result; returns the journal entry when its status differs from the last one.
    public mutating func record(_ result: CheckResult, severity: Severity) -> JournalEvent? {
        let previous = latest[result.name]?.status
        latest[result.name] = result
        guard previous != result.status else { return nil }
        return .statusChanged(result, previous: previous, severity: severity)
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
