/// The offsets of `vigil simulate`: time since the replay's start, written `+1m30s`.
///
/// Unlike a config duration (one unit, `"90s"`), an offset combines units so that a long replay
/// stays readable; what `format` prints `parse` reads back, so printed lines can be pasted into a replay.
public enum ReplayOffset {
    /// `+0s`, `+1s500ms`, `+1m30s`, `+2h5m`: each unit that is not zero, largest first.
    public static func format(_ offset: Duration) -> String {
        let milliseconds = DurationText.milliseconds(offset)
        let parts: [(Int64, (Int64) -> Duration)] = [
            (milliseconds / 3_600_000, { .seconds($0 * 3600) }),
            (milliseconds / 60_000 % 60, { .seconds($0 * 60) }),
            (milliseconds / 1000 % 60, { .seconds($0) }),
            (milliseconds % 1000, { .milliseconds($0) }),
        ]
        let text = parts.filter { $0.0 != 0 }.map { DurationText.format($0.1($0.0)) }.joined()
        return "+" + (text.isEmpty ? "0s" : text)
    }

    /// One or more `<digits><unit>` parts (`ms`, `s`, `m`, `h`), optionally after a `+`:
    /// `"90s"`, `"1m30s"`, `"+1m30s"`. `nil` for anything else.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text.hasPrefix("+") ? String(text.dropFirst()) : text)
        guard !rest.isEmpty else { return nil }
        var total = Duration.zero
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            let unit = rest.dropFirst(digits.count).prefix(while: { $0.isASCII && $0.isLetter })
            guard let part = DurationText.parse(String(digits) + String(unit)) else { return nil }
            total += part
            rest = rest.dropFirst(digits.count + unit.count)
        }
        return total
    }
}
