import FoundationEssentials

/// The release part of `status.json`: what runs, since when, the last known good, and when the
/// running version becomes good if nothing goes CRITICAL.
public struct ReleaseView: Codable, Equatable, Sendable {
    public var running: String?
    public var runningSince: Date?
    public var lastKnownGood: String?
    public var lastKnownGoodSince: Date?
    /// When the running version becomes the last known good; nil when it is, or a check is CRITICAL.
    public var goodAt: Date?
    /// Why the version cannot be read now.
    public var readError: String?
    /// `[rollback]`: its mode, the rollback running, the hold a failed one left.
    public var rollback: RollbackView?

    public init(running: String? = nil, runningSince: Date? = nil, lastKnownGood: String? = nil, lastKnownGoodSince: Date? = nil,
                goodAt: Date? = nil, readError: String? = nil) {
        self.running = running
        self.runningSince = runningSince
        self.lastKnownGood = lastKnownGood
        self.lastKnownGoodSince = lastKnownGoodSince
        self.goodAt = goodAt
        self.readError = readError
    }

    public init(_ tracker: ReleaseTracker) {
        let good = tracker.book.lastKnownGood
        self.init(running: tracker.book.running, runningSince: tracker.book.runningSince, lastKnownGood: good?.version,
                  lastKnownGoodSince: good?.becameGoodAt, goodAt: tracker.nextDeadline, readError: tracker.readFailure)
    }
}
