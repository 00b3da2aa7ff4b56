import VigilCore

/// A webhook's body: the incident with the fields of `vigil incidents --format json` (one
/// definition, `IncidentListEntry`), and beside them what this notification is.
struct WebhookPayload: Encodable {
    var incident: IncidentListEntry
    var event: IncidentNotification.Event
    var role: String?
    var notificationId: String
    var subject: String
    var text: String

    init(_ delivery: NotificationDelivery) {
        incident = IncidentListEntry(delivery.incident)
        event = delivery.event
        role = delivery.role
        notificationId = delivery.id
        subject = delivery.subject
        text = delivery.body
    }

    private enum CodingKeys: String, CodingKey {
        case event, role, notificationId, subject, text
    }

    /// The incident's keys and these in one flat object; `role` is null for an auto action.
    func encode(to encoder: any Encoder) throws {
        try incident.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event, forKey: .event)
        try container.encode(role, forKey: .role)
        try container.encode(notificationId, forKey: .notificationId)
        try container.encode(subject, forKey: .subject)
        try container.encode(text, forKey: .text)
    }
}
