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
    /// The check the entry is about, where it is about one.
    public var check: String?
    /// A `remediation` entry's plan and its journal `DECISION` (`run`, `verified`, `escalate`, `stop`, …):
    /// what the review counts, rather than the text.
    public var plan: String?
    public var decision: String?
    /// A `notification-failed` entry's notifier and why it gave up.
    public var notifier: String?
    public var reason: String?
    /// On a `check-changed` entry: `true` where the check's flapping episode started, `false` where it ended.
    public var flapping: Bool?

    /// The structured fields are optional and absent from files written before they existed, so those still load.
    public init(at: Date, kind: Kind, text: String, check: String? = nil, plan: String? = nil, decision: String? = nil,
                notifier: String? = nil, reason: String? = nil, flapping: Bool? = nil) {
        self.at = at
        self.kind = kind
        self.text = text
        self.check = check
        self.plan = plan
        self.decision = decision
        self.notifier = notifier
        self.reason = reason
        self.flapping = flapping
    }
}
