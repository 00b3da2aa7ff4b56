/// A check's confirmed status changed: what the incident desk needs to open, update or resolve an
/// incident, given as data rather than read back out of the journal entry.
public struct ConfirmedChange: Equatable, Sendable {
    public var check: String
    public var status: Status
    /// The confirmed status before; a first confirmation comes from UNKNOWN.
    public var previous: Status
    public var severity: Severity
    /// The check's `incident` key: which confirmed status opens an incident.
    public var incident: IncidentPolicy
    /// The dependency confirmed CRITICAL that suppresses the check, if any: its incident is joined.
    public var suppressedBy: String?
    /// While the check flaps, a HEALTHY confirmation does not resolve its incident.
    public var flapping: Bool
    /// The result's message.
    public var reason: String

    public init(check: String, status: Status, previous: Status, severity: Severity, incident: IncidentPolicy = .critical,
                suppressedBy: String? = nil, flapping: Bool = false, reason: String = "") {
        self.check = check
        self.status = status
        self.previous = previous
        self.severity = severity
        self.incident = incident
        self.suppressedBy = suppressedBy
        self.flapping = flapping
        self.reason = reason
    }
}
