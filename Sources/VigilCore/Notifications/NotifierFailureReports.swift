import FoundationEssentials

/// Keeps one notifier's failing streak from flooding the journal: the first failed attempt of a
/// streak is said at once, then at most one per `interval` with how many failed meanwhile, and the
/// first delivery after failures says it recovered. The time is passed in.
public struct NotifierFailureReports: Equatable, Sendable {
    public enum Decision: Equatable, Sendable {
        case quiet
        /// Say that it failed; `unsaid` failures since the last report were not said.
        case reportFailure(unsaid: Int)
        /// Say that it delivers again after `failures` failed attempts, `unsaid` of them not said.
        case reportRecovery(failures: Int, unsaid: Int)
    }

    public static let defaultInterval = Duration.seconds(600)

    public let interval: Duration
    /// Failed attempts since the last delivery; 0 while it delivers.
    public private(set) var failures = 0
    /// Failures since the last report that were not said.
    public private(set) var unsaid = 0
    private var lastReport: Date?

    public init(interval: Duration = NotifierFailureReports.defaultInterval) {
        self.interval = interval
    }

    public var failing: Bool { failures > 0 }

    /// An attempt failed at `now`. `saidElsewhere`: its own entry already says so (a give-up), so
    /// it is not said here but counts as a report of the streak.
    public mutating func failed(at now: Date, saidElsewhere: Bool = false) -> Decision {
        failures += 1
        let due = lastReport.map { WallClock.date($0, plus: interval) <= now } ?? true
        if saidElsewhere {
            if failures == 1 { lastReport = now }
            return .quiet
        }
        guard failures == 1 || due else {
            unsaid += 1
            return .quiet
        }
        defer { unsaid = 0 }
        lastReport = now
        return .reportFailure(unsaid: unsaid)
    }

    /// An attempt delivered: after failures that is news, said once.
    public mutating func delivered() -> Decision {
        guard failing else { return .quiet }
        defer {
            failures = 0
            unsaid = 0
            lastReport = nil
        }
        return .reportRecovery(failures: failures, unsaid: unsaid)
    }
}
