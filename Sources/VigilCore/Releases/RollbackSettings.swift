/// `[rollback]`: when a bad release is put back (the trigger), how (the steps, in order), how the
/// result is verified, and whether it is done or only journaled (`mode`).
public struct RollbackSettings: Sendable, Equatable {
    public static let defaultVerifyFor: Duration = .seconds(120)

    public var trigger: RollbackTrigger.Settings
    public var steps: [RollbackStep]
    /// After the last step: how long the version must read as the last known good with none of the
    /// trigger's checks confirmed CRITICAL.
    public var verifyFor: Duration
    /// `nil` follows `[daemon] mode`.
    public var mode: RemediationRun.Mode?

    public init(trigger: RollbackTrigger.Settings = RollbackTrigger.Settings(), steps: [RollbackStep],
                verifyFor: Duration = defaultVerifyFor, mode: RemediationRun.Mode? = nil) {
        self.trigger = trigger
        self.steps = steps
        self.verifyFor = verifyFor
        self.mode = mode
    }

    public func effectiveMode(daemonMode: RemediationRun.Mode) -> RemediationRun.Mode {
        mode ?? daemonMode
    }
}
