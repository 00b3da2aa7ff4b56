import FoundationEssentials

/// One incident as `vigil incidents --format json` lists it and a webhook notification carries
/// it: the one definition of those fields, so a script reads both alike.
public struct IncidentListEntry: Encodable, Equatable, Sendable {
    public var id: String
    public var severity: Severity
    public var status: Incident.Status
    public var title: String
    public var openedAt: Date
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var resolvedAt: Date?
    public var checks: [String]
    public var escalationLevel: Int
    public var timeline: [IncidentTimelineEntry]

    public init(_ incident: Incident) {
        id = incident.id.description
        severity = incident.severity
        status = incident.status
        title = incident.title
        openedAt = incident.openedAt
        acknowledgedAt = incident.acknowledgedAt
        acknowledgedBy = incident.acknowledgedBy
        resolvedAt = incident.resolvedAt
        checks = incident.checkNames
        escalationLevel = incident.escalationLevel
        timeline = incident.timeline
    }

    private enum CodingKeys: String, CodingKey {
        case id, severity, status, title, openedAt, acknowledgedAt, acknowledgedBy, resolvedAt, checks, escalationLevel, timeline
    }

    /// Absent values are written as null, so every entry has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(severity, forKey: .severity)
        try container.encode(status, forKey: .status)
        try container.encode(title, forKey: .title)
        try container.encode(openedAt, forKey: .openedAt)
        try container.encode(acknowledgedAt, forKey: .acknowledgedAt)
        try container.encode(acknowledgedBy, forKey: .acknowledgedBy)
        try container.encode(resolvedAt, forKey: .resolvedAt)
        try container.encode(checks, forKey: .checks)
        try container.encode(escalationLevel, forKey: .escalationLevel)
        try container.encode(timeline, forKey: .timeline)
    }
}
