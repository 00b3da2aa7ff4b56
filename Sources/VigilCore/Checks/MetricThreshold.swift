/// Which way a metric gets worse: latency grows, free space shrinks.
public enum MetricDirection: String, Sendable, Equatable {
    case higherIsWorse
    case lowerIsWorse

    /// Whether `value` lies beyond `threshold` (strictly: a value equal to it does not breach).
    public func breaches(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .higherIsWorse: value > threshold
        case .lowerIsWorse: value < threshold
        }
    }

    /// Whether `warning` is strictly less severe than `critical`, as validation demands.
    public func isLessSevere(_ warning: Double, than critical: Double) -> Bool {
        switch self {
        case .higherIsWorse: warning < critical
        case .lowerIsWorse: warning > critical
        }
    }

    /// The comparison operator shown to people in messages.
    public var symbol: String {
        self == .higherIsWorse ? ">" : "<"
    }
}

/// The warning and critical limits configured for one metric of one check.
public struct MetricThreshold: Sendable, Equatable {
    public var metric: String
    public var direction: MetricDirection
    public var warning: Double?
    public var critical: Double?

    public init(metric: String, direction: MetricDirection, warning: Double? = nil, critical: Double? = nil) {
        self.metric = metric
        self.direction = direction
        self.warning = warning
        self.critical = critical
    }
}

/// A metric that crossed its limit: what decided a WARNING or CRITICAL verdict.
public struct ThresholdBreach: Sendable, Equatable {
    public var status: Status
    public var metric: String
    public var value: Double
    public var threshold: Double
    public var direction: MetricDirection

    public init(status: Status, metric: String, value: Double, threshold: Double, direction: MetricDirection) {
        self.status = status
        self.metric = metric
        self.value = value
        self.threshold = threshold
        self.direction = direction
    }

    /// For example `latency_ms 1250 > critical 1000`.
    public var description: String {
        let level = status == .critical ? "critical" : "warning"
        return "\(metric) \(NumberText.format(value)) \(direction.symbol) \(level) \(NumberText.format(threshold))"
    }
}

extension [MetricThreshold] {
    /// The worst breach among the metrics seen, critical before warning, in configuration order.
    public func worstBreach(in metrics: [String: Double]) -> ThresholdBreach? {
        var warningBreach: ThresholdBreach?
        for rule in self {
            guard let value = metrics[rule.metric] else { continue }
            if let critical = rule.critical, rule.direction.breaches(value, critical) {
                return ThresholdBreach(status: .critical, metric: rule.metric, value: value,
                                       threshold: critical, direction: rule.direction)
            }
            if warningBreach == nil, let warning = rule.warning, rule.direction.breaches(value, warning) {
                warningBreach = ThresholdBreach(status: .warning, metric: rule.metric, value: value,
                                                threshold: warning, direction: rule.direction)
            }
        }
        return warningBreach
    }
}
