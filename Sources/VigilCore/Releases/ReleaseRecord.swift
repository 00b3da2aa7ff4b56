import FoundationEssentials

/// One version of the platform as Vigil saw it run: when, whether it became the last known good,
/// and how it ended if it was rolled back.
public struct ReleaseRecord: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        case good
        case rolledBack = "rolled back"
        case failedRollback = "failed rollback"
    }

    public var version: String
    public var firstSeen: Date
    /// The last time it was read as running; while it runs, saved when something else changes.
    public var lastSeen: Date
    public var becameGoodAt: Date?
    public var outcome: Outcome?

    public init(version: String, firstSeen: Date, lastSeen: Date, becameGoodAt: Date? = nil, outcome: Outcome? = nil) {
        self.version = version
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.becameGoodAt = becameGoodAt
        self.outcome = outcome
    }
}
