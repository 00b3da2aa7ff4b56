/// What the engine asks of the daemon: write a journal entry, execute a remediation step and
/// report back with `DecisionEngine.stepFinished`, or hand a confirmed change to the incident desk.
public enum EngineOutput: Equatable, Sendable {
    case journal(JournalEvent)
    case executeStep(StepRequest)
    /// Follows the journal entry of the same confirmed change.
    case confirmed(ConfirmedChange)
    /// The check's flapping episode ended (after its journal entry): a resolution it held back may happen now.
    case flappingEnded(check: String)

    /// The journal entry, when this is one.
    public var event: JournalEvent? {
        if case let .journal(event) = self { event } else { nil }
    }

    /// The confirmed change, when this is one.
    public var confirmedChange: ConfirmedChange? {
        if case let .confirmed(change) = self { change } else { nil }
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
    /// An `exclusive` plan's attempt: its key in `vigil_actions`, where each step is recorded
    /// before it runs; nil for a plan any host may run.
    public var actionKey: String?

    public init(slot: String, check: String, plan: String, attempt: Int, index: Int, step: RemediationStep,
                actionKey: String? = nil) {
        self.slot = slot
        self.check = check
        self.plan = plan
        self.attempt = attempt
        self.index = index
        self.step = step
        self.actionKey = actionKey
    }
}

/// Whether a check's probe should touch its target now.
public enum CallVerdict: Equatable, Sendable {
    case callTarget
    /// The engine answered for the target (a dependency is CRITICAL, or its circuit is open);
    /// the result is already recorded. Show it; do not feed it back.
    case answered(CheckResult)
}
