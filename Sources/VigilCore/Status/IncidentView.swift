import FoundationEssentials

/// An unresolved incident as `status.json` and `vigil status` show it: enough to know what is
/// wrong and for how long; its timeline is read with `journalctl INCIDENT_ID=…`.
public struct IncidentView: Codable, Equatable, Sendable {
    public var id: String
    public var severity: Severity
    public var status: Incident.Status
    public var title: String
    public var openedAt: Date
    public var checks: [String]
    public var escalationLevel: Int

    public init(_ incident: Incident) {
        id = incident.id.description
        severity = incident.severity
        status = incident.status
        title = incident.title
        openedAt = incident.openedAt
        checks = incident.checkNames
        escalationLevel = incident.escalationLevel
    }
}
