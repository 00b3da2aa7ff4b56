import FoundationEssentials

/// Arithmetic and text for the wall-clock `Date`s that persisted engine state carries.
///
/// Deadlines that must survive a reboot (backoff, budget windows, "healthy since", breaker
/// openings) are wall-clock dates passed in by the caller: a monotonic instant means nothing
/// after a reboot.
public enum WallClock {
    /// `date` moved forward by `duration`.
    public static func date(_ date: Date, plus duration: Duration) -> Date {
        date.addingTimeInterval(seconds(duration))
    }

    /// A `Duration` as fractional seconds.
    public static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// ISO 8601 in UTC to the second (`2027-01-15T08:00:00Z`), as journal fields and reasons show it.
    public static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
