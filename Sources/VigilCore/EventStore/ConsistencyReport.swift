/// The result of one consistency run: the seed's ConsistencyReport extended with exact counts per
/// kind, the mode, what the catalog ruled out, and whether the issue list was capped.
public struct ConsistencyReport: Sendable, Equatable, Codable {
    public enum Mode: String, Sendable, Codable {
        case full, incremental
    }

    public var mode: Mode
    public var aggregatesChecked: Int
    public var eventsChecked: Int
    /// Exact, whatever the cap on `issues`.
    public var issueCounts: [String: Int]
    /// At most `maxIssues` of them, in the order found.
    public var issues: [ConsistencyAnomaly]
    /// More issues were found than listed.
    public var truncated: Bool
    public var durationMs: Double
    /// Kinds the catalog rules out, with why (`DUPLICATE_VERSION`: `unique index events_aggregate_version`).
    public var ruledOut: [String: String]
    /// Incremental runs of `vigil consistency` only: the counts standing since the daemon's last
    /// full scan, this run's included (absent from JSON otherwise).
    public var standingIssueCounts: [String: Int]?

    public init(mode: Mode, aggregatesChecked: Int = 0, eventsChecked: Int = 0, issueCounts: [String: Int] = [:],
                issues: [ConsistencyAnomaly] = [], truncated: Bool = false, durationMs: Double = 0,
                ruledOut: [String: String] = [:]) {
        self.mode = mode
        self.aggregatesChecked = aggregatesChecked
        self.eventsChecked = eventsChecked
        self.issueCounts = issueCounts
        self.issues = issues
        self.truncated = truncated
        self.durationMs = durationMs
        self.ruledOut = ruledOut
    }

    public var totalIssues: Int { issueCounts.values.reduce(0, +) }

    /// `1 NULL_FIELD, 2 VERSION_GAP`: the kinds found, by name, as messages name them.
    public static func countsText(_ counts: [String: Int]) -> String {
        counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    /// Counts an anomaly and lists it while fewer than `maxIssues` are listed.
    public mutating func record(_ anomaly: ConsistencyAnomaly, maxIssues: Int) {
        issueCounts[anomaly.kind.rawValue, default: 0] += 1
        if issues.count < maxIssues {
            issues.append(anomaly)
        } else {
            truncated = true
        }
    }
}
