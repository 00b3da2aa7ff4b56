/// Keeps one check from running twice at once: a tick that finds the previous run still going
/// is skipped and counted, and only the first skip of an episode is worth a log entry.
public struct OverrunGuard: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        case start
        /// `firstOfEpisode` is true for the first skip since the check last finished on time.
        case skip(firstOfEpisode: Bool)
    }

    public private(set) var isRunning = false
    public private(set) var skipsInEpisode = 0
    public private(set) var totalSkips = 0

    public init() {}

    public mutating func tick() -> Decision {
        guard isRunning else {
            isRunning = true
            return .start
        }
        skipsInEpisode += 1
        totalSkips += 1
        return .skip(firstOfEpisode: skipsInEpisode == 1)
    }

    /// The run ended; returns how many ticks the episode skipped, if it skipped any.
    public mutating func finished() -> Int? {
        isRunning = false
        defer { skipsInEpisode = 0 }
        return skipsInEpisode > 0 ? skipsInEpisode : nil
    }
}
