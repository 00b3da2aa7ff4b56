/// Keeps a repeating failure (a full or read-only disk under the state file) from flooding the
/// journal: a failure is said at most once per `interval`, with the number of repeats held back
/// since the last word, and the recovery is said once. The caller passes the time in.
public struct ReportRateLimiter: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        /// Say nothing now.
        case quiet
        /// Say that it fails; `suppressed` failures since the last report went unsaid.
        case reportFailure(suppressed: Int)
        /// Say that it works again; `suppressed` failures since the last report went unsaid.
        case reportRecovery(suppressed: Int)
    }

    public let interval: Duration
    /// Whether the last thing said was a failure (so the next success is news).
    public private(set) var failureAnnounced = false
    /// Failures since the last report that were not said.
    public private(set) var suppressed = 0
    private var lastReport: ContinuousClock.Instant?

    public init(interval: Duration = .seconds(300)) {
        self.interval = interval
    }

    /// The operation failed at `now`.
    public mutating func failed(at now: ContinuousClock.Instant) -> Decision {
        guard mayReport(at: now) else {
            suppressed += 1
            return .quiet
        }
        defer { suppressed = 0 }
        failureAnnounced = true
        lastReport = now
        return .reportFailure(suppressed: suppressed)
    }

    /// The operation worked at `now`. A recovery after an announced failure is said at once (it
    /// answers that report); failures that went unsaid are owned up to within the interval.
    public mutating func succeeded(at now: ContinuousClock.Instant) -> Decision {
        if failureAnnounced || (suppressed > 0 && mayReport(at: now)) {
            defer { suppressed = 0 }
            failureAnnounced = false
            lastReport = now
            return .reportRecovery(suppressed: suppressed)
        }
        return .quiet
    }

    private func mayReport(at now: ContinuousClock.Instant) -> Bool {
        guard let lastReport else { return true }
        return now - lastReport >= interval
    }
}
