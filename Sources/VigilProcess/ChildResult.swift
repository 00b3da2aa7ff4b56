/// What a child left behind: how it ended and what it wrote, kept within the output limit.
public struct ChildResult: Sendable {
    public var termination: ChildTermination
    /// At most the output limit's worth of bytes (the rest was read and dropped), decoded as
    /// UTF-8 with invalid bytes replaced.
    public var stdout: String
    public var stderr: String
    /// The deadline came first: the group was sent SIGTERM, then SIGKILL after the grace.
    public var timedOut: Bool
    /// From the spawn to the reaping of the child.
    public var duration: Duration

    public init(termination: ChildTermination, stdout: String, stderr: String, timedOut: Bool, duration: Duration) {
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
        self.duration = duration
    }
}
