/// The journal entries of notifications themselves (the incident's own entries are in IncidentEvents).
extension JournalEvent {
    /// A `journal` notifier's delivery: one line to read (who, why, the subject), the rendered text
    /// whole in `NOTIFICATION_TEXT`, findable by incident, role and key.
    public static func notificationJournaled(_ delivery: NotificationDelivery) -> JournalEvent {
        var fields = [Field("INCIDENT_ID", delivery.incident.id.description), Field("SEVERITY", delivery.incident.severity.rawValue),
                      Field("NOTIFICATION_ID", delivery.id), Field("NOTIFIER", delivery.notifier), Field("NOTIFICATION_EVENT", delivery.event.rawValue),
                      Field("SUBJECT", delivery.subject), Field("NOTIFICATION_TEXT", delivery.body)]
        if let role = delivery.role { fields.append(Field("ROLE", role)) }
        return JournalEvent(kind: .notificationJournaled, priority: delivery.event == .resolved ? .notice : .warning,
                            message: "\(delivery.notifier) (\(delivery.event.rawValue)\(delivery.role.map { " for \($0)" } ?? "")): \(delivery.subject)",
                            fields: fields)
    }
}
