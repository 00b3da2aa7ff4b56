/// One configured check: what to look at, how often, how long to wait and what counts as bad.
public struct CheckDefinition: Sendable, Equatable {
    public var name: String
    public var kind: CheckKind
    public var interval: Duration
    public var timeout: Duration
    public var enabled: Bool
    public var severity: Severity
    public var thresholds: [MetricThreshold]

    public init(name: String, kind: CheckKind, interval: Duration = .seconds(30), timeout: Duration = .seconds(10),
                enabled: Bool = true, severity: Severity = .p1, thresholds: [MetricThreshold] = []) {
        self.name = name
        self.kind = kind
        self.interval = interval
        self.timeout = timeout
        self.enabled = enabled
        self.severity = severity
        self.thresholds = thresholds
    }
}
