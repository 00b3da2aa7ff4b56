/// A `[remediation.NAME]` table: what to do when a check naming it is confirmed CRITICAL, and the
/// limits that keep doing it from becoming a restart storm.
public struct RemediationPlan: Sendable, Equatable, Codable {
    public var name: String
    /// Run in order; the first failure ends the attempt.
    public var steps: [RemediationStep]
    public var budget: RemediationBudget.Policy
    public var verification: RemediationRun.Verification
    /// The plan's own `mode`; `nil` follows `[daemon] mode`.
    public var mode: RemediationRun.Mode?
    /// `exclusive = true`: the plan acts on something the hosts of `[coordination]` share, so only
    /// the host that leads them runs it, and each of its steps is recorded in `vigil_actions`.
    public var exclusive: Bool

    public init(name: String, steps: [RemediationStep], budget: RemediationBudget.Policy = RemediationBudget.Policy(),
                verification: RemediationRun.Verification = RemediationRun.Verification(),
                mode: RemediationRun.Mode? = nil, exclusive: Bool = false) {
        self.name = name
        self.steps = steps
        self.budget = budget
        self.verification = verification
        self.mode = mode
        self.exclusive = exclusive
    }

    /// The mode an attempt runs in: the plan's own, else the daemon's.
    public func effectiveMode(daemonMode: RemediationRun.Mode) -> RemediationRun.Mode {
        mode ?? daemonMode
    }
}
