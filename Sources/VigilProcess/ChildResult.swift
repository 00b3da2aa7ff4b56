/// What a child left behind: how it ended and what it wrote, as much as its `OutputCapture`s kept.
public struct ChildResult: Sendable {
    public var termination: ChildTermination
    /// The bytes kept (the first ones, then the last ones), decoded as UTF-8 with invalid bytes
    /// replaced: a character cut at the edge of what was kept reads as U+FFFD.
    public var stdout: String
    public var stderr: String
    /// Bytes read and not kept: more than zero when the stream outgrew its capture.
    public var stdoutDropped: Int
    public var stderrDropped: Int
    /// The deadline came first: the group was sent SIGTERM, then SIGKILL after the grace.
    public var timedOut: Bool
    /// From the spawn to the reaping of the child.
    public var duration: Duration

    public init(termination: ChildTermination, stdout: String, stderr: String, stdoutDropped: Int = 0,
                stderrDropped: Int = 0, timedOut: Bool, duration: Duration) {
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutDropped = stdoutDropped
        self.stderrDropped = stderrDropped
        self.timedOut = timedOut
        self.duration = duration
    }
}
