/// The `[incidents]`, `[escalation.*]`, `[role.*]` and `[notifier.*]` settings the incident book
/// and the outbox work with; they come from the configuration on every start and reload and are
/// not persisted with the incidents.
public struct IncidentSettings: Equatable, Sendable {
    public var escalation: [Severity: EscalationPolicy]
    /// A check failing again this soon after its incident resolved reopens it.
    public var reopenWithin: Duration
    /// How long a resolved incident is kept for reports before it is forgotten.
    public var keepResolved: Duration
    /// `[incidents] subject` and `template`: the text every notifier sends.
    public var template: NotificationTemplate
    /// `[incidents] status_page_url`: the template's `{status_page_url}`.
    public var statusPageURL: String
    /// `[role.NAME] notify = […]`: the notifiers that reach each role of an escalation path.
    public var roles: [String: [String]]
    /// `[notifier.NAME]` by name.
    public var notifiers: [String: NotifierSettings]

    public static let defaultReopenWithin = Duration.seconds(10 * 60)
    public static let defaultKeepResolved = Duration.seconds(400 * 86_400)

    public init(escalation: [Severity: EscalationPolicy] = EscalationPolicy.seedMatrix,
                reopenWithin: Duration = IncidentSettings.defaultReopenWithin,
                keepResolved: Duration = IncidentSettings.defaultKeepResolved,
                template: NotificationTemplate = NotificationTemplate(),
                statusPageURL: String = "",
                roles: [String: [String]] = [:],
                notifiers: [String: NotifierSettings] = [:]) {
        self.escalation = escalation
        self.reopenWithin = reopenWithin
        self.keepResolved = keepResolved
        self.template = template
        self.statusPageURL = statusPageURL
        self.roles = roles
        self.notifiers = notifiers
    }

    /// The policy of `severity`; a severity left out notifies nobody.
    public func policy(for severity: Severity) -> EscalationPolicy {
        escalation[severity] ?? .none
    }

    /// The notifiers a recipient is reached through: a role's `notify` list, or the notifier an
    /// auto action names. Names with no `[notifier.*]` table are left out (the journal is the only
    /// channel then); configuration validation refuses them where they are written.
    public func notifiers(for recipient: IncidentNotification.Recipient) -> [NotifierSettings] {
        let names: [String] = switch recipient {
        case let .role(role): roles[role] ?? []
        case let .notifier(notifier): [notifier]
        }
        return names.compactMap { notifiers[$0] }
    }
}
