/// One line of a replay: at an offset from the replay's start, a check reported a result, an
/// operator resumed a plan, or (a line with only `at`) time simply passed.
///
/// Replays are JSON lines, so one can be cut from a journal export or written by hand:
/// `{"at": "90s", "check": "database", "status": "CRITICAL", "message": "connection refused"}`.
public struct ReplayRecord: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// A check's probe came back with this status; `metrics` ride along into the journal fields.
        case result(check: String, status: Status, message: String, metrics: [String: Double], durationMs: Double)
        /// `vigil resume PLAN`, typed at this moment.
        case resume(plan: String)
        /// Nothing happened but time passed: deadlines up to `at` run out.
        case clock
    }

    /// The 1-based line of the replay this record came from, for messages.
    public var line: Int
    /// Time since the replay's start.
    public var offset: Duration
    public var event: Event

    public init(line: Int, offset: Duration, event: Event) {
        self.line = line
        self.offset = offset
        self.event = event
    }
}
