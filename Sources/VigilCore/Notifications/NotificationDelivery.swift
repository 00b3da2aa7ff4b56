import FoundationEssentials

/// One notification for one notifier, as the outbox keeps it and a notifier sends it: the
/// incident as it was when the notification was asked for, and its text already rendered.
public struct NotificationDelivery: Codable, Equatable, Sendable, Identifiable {
    /// The idempotency key: the same on every retry and after restarts (`Idempotency-Key`,
    /// `VIGIL_NOTIFICATION_ID`), so a receiver can drop duplicates.
    public let id: String
    /// The `[notifier.NAME]` it goes through.
    public var notifier: String
    public var event: IncidentNotification.Event
    /// The role of the escalation path it is for; `nil` for an auto action.
    public var role: String?
    public var incident: Incident
    public var subject: String
    public var body: String
    /// When it was asked for.
    public var createdAt: Date

    public init(id: String, notifier: String, event: IncidentNotification.Event, role: String?, incident: Incident,
                subject: String, body: String, createdAt: Date) {
        self.id = id
        self.notifier = notifier
        self.event = event
        self.role = role
        self.incident = incident
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
    }
}

/// How one attempt at a delivery ended.
public enum DeliveryResult: Equatable, Sendable {
    case delivered
    /// `reason` in the receiver's or the system's words (an HTTP status and its body's start, an
    /// exit status, a timeout).
    case failed(reason: String)
}
