/// How one executed remediation step ended, as the executor reports it back to the engine.
public struct RemediationStepOutcome: Sendable, Equatable, Codable {
    public var succeeded: Bool
    /// How it ended, for the journal's `EXIT_STATUS`: `0`, `3`, `killed by signal 9`,
    /// `killed at its deadline`, a unit job's result (`done`, `failed`, `timeout`), or why it
    /// could not start at all.
    public var exitStatus: String
    public var duration: Duration
    /// The end of what the step wrote (stdout, then stderr), trimmed by the journal builder.
    public var outputTail: String

    public init(succeeded: Bool, exitStatus: String, duration: Duration, outputTail: String = "") {
        self.succeeded = succeeded
        self.exitStatus = exitStatus
        self.duration = duration
        self.outputTail = outputTail
    }
}
