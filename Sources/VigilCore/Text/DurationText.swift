/// Reads and writes the duration strings of config files: `"750ms"`, `"15s"`, `"5m"`, `"1h"`, `"400d"`.
public enum DurationText {

    /// Parses `<number><unit>` with unit `ms`, `s`, `m`, `h` or `d` (24 hours, for retention); `nil` for anything else
    /// (no unit, a sign, a fraction, an overflow).
    public static func parse(_ text: String) -> Duration? {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        let unit = text.dropFirst(digits.count)
        guard !digits.isEmpty, digits.count <= 12, let value = Int64(digits) else { return nil }
        switch unit {
        case "ms": return .milliseconds(value)
        case "s": return .seconds(value)
        case "m": return .seconds(value * 60)
        case "h": return .seconds(value * 3600)
        case "d": return .seconds(value * 86_400)
        default: return nil
        }
    }

    /// The shortest exact form: `1500ms`, `15s`, `5m`, `2h`.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 != 0 { return "\(milliseconds)ms" }
        if seconds % 3600 == 0, seconds != 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0, seconds != 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    /// Milliseconds as a whole number, for timers and splay.
    public static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole milliseconds from `start` until now, as `DURATION_MS` fields and reports give them.
    public static func elapsedMilliseconds(since start: ContinuousClock.Instant) -> Double {
        Double(milliseconds(start.duration(to: .now)))
    }
}
