import FoundationEssentials

/// What Vigil knows of the platform's releases, kept in `<state_dir>/releases.json`: every version
/// seen (one record each, oldest first), the one running, and since when it has run with no
/// confirmed CRITICAL check.
public struct ReleaseBook: Codable, Equatable, Sendable {
    /// The most versions kept; the oldest that is not the last known good goes first.
    public static let keep = 50
    /// Its file in the state directory.
    public static let fileName = "releases.json"

    public var records: [ReleaseRecord] = []
    public var running: String?
    /// When the running version started to run without a confirmed CRITICAL check (the version's
    /// first read, or the end of the last CRITICAL); nil while a check is confirmed CRITICAL.
    public var stableSince: Date?
    /// When the running version was first read in its current stretch (it may have run before).
    public var runningSince: Date?
    /// The last read that still saw the version before: the change happened after it. A check may
    /// see a bad deployment before the next read does, so its failure counts from here.
    public var changedAfter: Date?

    public init() {}

    /// The newest version that became good and was not rolled back since.
    public var lastKnownGood: ReleaseRecord? {
        records.filter { $0.outcome == .good }.max { ($0.becameGoodAt ?? .distantPast) < ($1.becameGoodAt ?? .distantPast) }
    }

    public func record(of version: String) -> ReleaseRecord? {
        records.first { $0.version == version }
    }

    mutating func update(_ version: String, _ change: (inout ReleaseRecord) -> Void) {
        guard let index = records.firstIndex(where: { $0.version == version }) else { return }
        change(&records[index])
    }
}
