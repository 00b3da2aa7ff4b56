/// One configured check: what to look at, how often, how long to wait and what counts as bad.
public struct CheckDefinition: Sendable, Equatable {
    public var name: String
    public var kind: CheckKind
    public var interval: Duration
    public var timeout: Duration
    public var enabled: Bool
    public var severity: Severity
    public var thresholds: [MetricThreshold]
    /// When a changed status counts as confirmed (`fail_after`/`fail_window`, `recover_after`).
    public var confirmation: ConfirmationPolicy
    /// `flap_low`/`flap_high`.
    public var flapping: FlapThresholds
    /// The checks this one depends on (`depends_on`), as written; while one is confirmed CRITICAL this one is suppressed.
    public var dependsOn: [String]
    /// The `[remediation.NAME]` plan run when this check is confirmed CRITICAL.
    public var remediation: String?
    /// Which confirmed status opens an incident (`incident`): CRITICAL by default.
    public var incident: IncidentPolicy

    public init(name: String, kind: CheckKind, interval: Duration = .seconds(30), timeout: Duration = .seconds(10),
                enabled: Bool = true, severity: Severity = .p1, thresholds: [MetricThreshold] = [],
                confirmation: ConfirmationPolicy = .default, flapping: FlapThresholds = .default,
                dependsOn: [String] = [], remediation: String? = nil, incident: IncidentPolicy = .critical) {
        self.name = name
        self.kind = kind
        self.interval = interval
        self.timeout = timeout
        self.enabled = enabled
        self.severity = severity
        self.thresholds = thresholds
        self.confirmation = confirmation
        self.flapping = flapping
        self.dependsOn = dependsOn
        self.remediation = remediation
        self.incident = incident
    }
}
