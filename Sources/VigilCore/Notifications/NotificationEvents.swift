/// The journal entries of notifications themselves (the incident's own entries are in IncidentEvents).
extension JournalEvent {
    /// A `journal` notifier's delivery: the rendered text, findable by incident, role and key.
    public static func notificationJournaled(_ delivery: NotificationDelivery) -> JournalEvent {
        var fields = [Field("INCIDENT_ID", delivery.incident.id.description), Field("SEVERITY", delivery.incident.severity.rawValue),
                      Field("NOTIFICATION_ID", delivery.id), Field("NOTIFIER", delivery.notifier), Field("NOTIFICATION_EVENT", delivery.event.rawValue),
                      Field("SUBJECT", delivery.subject)]
        if let role = delivery.role { fields.append(Field("ROLE", role)) }
        return JournalEvent(kind: .notificationJournaled, priority: delivery.event == .resolved ? .notice : .warning,
                            message: delivery.subject + "\n\n" + delivery.body, fields: fields)
    }
}
