/// The `[incidents]` and `[escalation.*]` settings the incident book works with; they come from the
/// configuration on every start and reload and are not persisted with the incidents.
public struct IncidentSettings: Equatable, Sendable {
    public var escalation: [Severity: EscalationPolicy]
    /// A check failing again this soon after its incident resolved reopens it.
    public var reopenWithin: Duration
    /// How long a resolved incident is kept for reports before it is forgotten.
    public var keepResolved: Duration

    public static let defaultReopenWithin = Duration.seconds(10 * 60)
    public static let defaultKeepResolved = Duration.seconds(400 * 86_400)

    public init(escalation: [Severity: EscalationPolicy] = EscalationPolicy.seedMatrix,
                reopenWithin: Duration = IncidentSettings.defaultReopenWithin,
                keepResolved: Duration = IncidentSettings.defaultKeepResolved) {
        self.escalation = escalation
        self.reopenWithin = reopenWithin
        self.keepResolved = keepResolved
    }

    /// The policy of `severity`; a severity left out notifies nobody.
    public func policy(for severity: Severity) -> EscalationPolicy {
        escalation[severity] ?? .none
    }
}
