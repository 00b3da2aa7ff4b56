import FoundationEssentials

/// The state of every check at one instant: the seed's SystemHealthReport, printed by
/// `vigil check --format json` and written to `status.json`. Its JSON shape is stable.
public struct HealthReport: Sendable, Equatable {
    public var overall: Status
    public var timestamp: Date
    public var checks: [CheckResult]
    public var summary: Summary

    public struct Summary: Sendable, Equatable, Codable {
        public var total: Int
        public var healthy: Int
        public var warning: Int
        public var critical: Int
        public var unknown: Int

        public init(total: Int, healthy: Int, warning: Int, critical: Int, unknown: Int) {
            self.total = total
            self.healthy = healthy
            self.warning = warning
            self.critical = critical
            self.unknown = unknown
        }
    }

    public init(checks: [CheckResult], at timestamp: Date) {
        self.checks = checks
        self.timestamp = timestamp
        func count(_ status: Status) -> Int { checks.count(where: { $0.status == status }) }
        summary = Summary(total: checks.count, healthy: count(.healthy), warning: count(.warning),
                          critical: count(.critical), unknown: count(.unknown))
        overall = Self.overall(of: checks.map(\.status))
    }

    /// The seed's rule: CRITICAL if any check is CRITICAL, else WARNING if any is WARNING or
    /// UNKNOWN, else HEALTHY.
    public static func overall(of statuses: [Status]) -> Status {
        if statuses.contains(.critical) { return .critical }
        if statuses.contains(.warning) || statuses.contains(.unknown) { return .warning }
        return .healthy
    }

    /// One line for systemd's STATUS=, e.g. `HEALTHY · 6 checks · 0 warning · 0 critical`.
    public var statusLine: String {
        var line = "\(overall.rawValue) · \(summary.total) check\(summary.total == 1 ? "" : "s") · "
            + "\(summary.warning) warning · \(summary.critical) critical"
        if summary.unknown > 0 { line += " · \(summary.unknown) unknown" }
        return line
    }

    /// The report as JSON, keys sorted so that the output diffs cleanly.
    public func json(prettyPrinted: Bool = false) -> Data {
        // Encoding plain strings, numbers and dates cannot fail.
        (try? TreeJSONEncoder(prettyPrinted: prettyPrinted, dates: .iso8601).encode(self)) ?? Data()
    }

    public static func decode(json: Data) throws -> HealthReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(HealthReport.self, from: json)
    }
}

extension HealthReport: Codable {
    private enum CodingKeys: String, CodingKey { case overall, timestamp, checks, summary }
}
