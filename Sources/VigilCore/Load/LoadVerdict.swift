/// A load report judged against its thresholds: passed, or each threshold that failed.
public struct LoadVerdict: Sendable, Equatable {
    public struct Failure: Sendable, Equatable, Codable, CustomStringConvertible {
        /// The threshold's key: `max_average_ms`, `max_error_percent`, `p99_ms`.
        public var threshold: String
        public var limit: Double
        public var measured: Double

        public init(threshold: String, limit: Double, measured: Double) {
            self.threshold = threshold
            self.limit = limit
            self.measured = measured
        }

        /// For example `p99_ms: measured 812.4 > 500`.
        public var description: String {
            "\(threshold): measured \(NumberText.fixed(measured, decimals: 2)) > \(NumberText.format(limit))"
        }
    }

    /// Every threshold checked, in the scenario's order, with what was measured against it.
    public struct Line: Sendable, Equatable, Codable {
        public var threshold: String
        public var limit: Double
        public var measured: Double
        public var passed: Bool
    }

    public var lines: [Line]

    public var failures: [Failure] {
        lines.filter { !$0.passed }.map { Failure(threshold: $0.threshold, limit: $0.limit, measured: $0.measured) }
    }

    public var passed: Bool { lines.allSatisfy(\.passed) }
}
