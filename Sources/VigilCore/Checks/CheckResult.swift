import FoundationEssentials

/// The judged result of one run of one check: the seed's HealthCheckResult.
public struct CheckResult: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var status: Status
    public var message: String
    public var durationMs: Double
    public var metrics: [String: Double]
    public var timestamp: Date
    /// The threshold that decided the status, when one did (journal fields `METRIC`, `VALUE`, `THRESHOLD`).
    public var breach: ThresholdBreach?
    /// The units a plugin gave its metrics, for `vigil check`'s plugin output; not in the JSON report.
    public var units: [String: String]
    /// Every finding of the run when the probe had more than its message names; in the JSON report when any.
    public var issues: [String]

    public init(name: String, kind: String, status: Status, message: String, durationMs: Double,
                metrics: [String: Double] = [:], timestamp: Date, breach: ThresholdBreach? = nil,
                units: [String: String] = [:], issues: [String] = []) {
        self.name = name
        self.kind = kind
        self.status = status
        self.message = message
        self.durationMs = durationMs
        self.metrics = metrics
        self.timestamp = timestamp
        self.breach = breach
        self.units = units
        self.issues = issues
    }

    /// The result of a check that has not run yet, or was not run because of something else.
    public static func notRun(_ check: CheckDefinition, reason: String, at timestamp: Date) -> CheckResult {
        CheckResult(name: check.name, kind: check.kind.name, status: .unknown, message: reason,
                    durationMs: 0, timestamp: timestamp)
    }
}

extension CheckResult: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, kind, status, message, metrics, durationMs, issues
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name),
                  kind: try container.decode(String.self, forKey: .kind),
                  status: try container.decode(Status.self, forKey: .status),
                  message: try container.decode(String.self, forKey: .message),
                  durationMs: try container.decode(Double.self, forKey: .durationMs),
                  metrics: try container.decode([String: Double].self, forKey: .metrics),
                  timestamp: Date(timeIntervalSince1970: 0),
                  issues: try container.decodeIfPresent([String].self, forKey: .issues) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(message, forKey: .message)
        try container.encode((durationMs * 1000).rounded() / 1000, forKey: .durationMs)
        try container.encode(metrics, forKey: .metrics)
        if !issues.isEmpty { try container.encode(issues, forKey: .issues) }
    }
}
