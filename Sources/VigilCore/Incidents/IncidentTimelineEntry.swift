import FoundationEssentials

/// One line of an incident's story, as `vigil incident ID` and the post-incident review read it.
public struct IncidentTimelineEntry: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case opened
        case reopened
        /// A check joined the incident (suppressed by its dependency, or in a reopened one).
        case checkJoined = "check-joined"
        /// A check of the incident changed its confirmed status.
        case checkChanged = "check-changed"
        case severityRaised = "severity-raised"
        case escalated
        /// Notifications were asked for (the text names the event and the recipients).
        case notified
        /// A notifier gave up on a notification after its retries (the text names it and why).
        case notificationFailed = "notification-failed"
        case acknowledged
        /// A remediation decision about one of its checks (a plan triggered, skipped, verified, stopped).
        case remediation
        case note
        case resolved
    }

    public var at: Date
    public var kind: Kind
    public var text: String

    public init(at: Date, kind: Kind, text: String) {
        self.at = at
        self.kind = kind
        self.text = text
    }
}
