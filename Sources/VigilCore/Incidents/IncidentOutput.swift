/// What the incident book asks of the daemon: a notification for the outbox, a journal entry, or
/// an incident to persist again (one that is no longer in the book was forgotten: delete it).
public enum IncidentOutput: Equatable, Sendable {
    case notify(IncidentNotification)
    case journal(JournalEvent)
    case changed(IncidentID)

    public var notification: IncidentNotification? {
        if case let .notify(notification) = self { notification } else { nil }
    }

    public var event: JournalEvent? {
        if case let .journal(event) = self { event } else { nil }
    }
}

/// One notification to deliver: to whom, why, and the incident as it was when it was asked for.
public struct IncidentNotification: Equatable, Sendable {
    /// A role of the escalation path, or a notifier named directly (an auto action).
    public enum Recipient: Hashable, Sendable {
        case role(String)
        case notifier(String)

        /// The role's or the notifier's name.
        public var name: String {
            switch self {
            case let .role(name), let .notifier(name): name
            }
        }
    }

    /// `VIGIL_EVENT`: why the recipient hears of the incident now.
    public enum Event: String, Codable, Sendable, CaseIterable {
        case opened
        case escalated
        case update
        case acknowledged
        case resolved
    }

    public var recipient: Recipient
    public var event: Event
    public var incident: Incident

    public init(recipient: Recipient, event: Event, incident: Incident) {
        self.recipient = recipient
        self.event = event
        self.incident = incident
    }
}
