/// What the engine asks of the daemon: write a journal entry, or execute a remediation step and
/// report back with `DecisionEngine.stepFinished`.
public enum EngineOutput: Equatable, Sendable {
    case journal(JournalEvent)
    case executeStep(StepRequest)

    /// The journal entry, when this is one.
    public var event: JournalEvent? {
        if case let .journal(event) = self { event } else { nil }
    }
}

/// One step to execute; `slot` and `index` come back with its outcome.
public struct StepRequest: Equatable, Sendable {
    public var slot: String
    public var check: String
    public var plan: String
    public var attempt: Int
    public var index: Int
    public var step: RemediationStep

    public init(slot: String, check: String, plan: String, attempt: Int, index: Int, step: RemediationStep) {
        self.slot = slot
        self.check = check
        self.plan = plan
        self.attempt = attempt
        self.index = index
        self.step = step
    }
}

/// Whether a check's probe should touch its target now.
public enum CallVerdict: Equatable, Sendable {
    case callTarget
    /// The engine answered for the target (a dependency is CRITICAL, or its circuit is open);
    /// the result is already recorded. Show it; do not feed it back.
    case answered(CheckResult)
}
