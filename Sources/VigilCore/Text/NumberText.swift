/// Renders numbers for people and file names without Foundation's `String(format:)`, which would
/// pull ICU into the binary.
public enum NumberText {
    /// Metric values: integers without a fraction, others with at most two decimals.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        let scaled = (value * 100).rounded() / 100
        // 49.999 rounds to 50: written as the integer it became.
        return scaled == scaled.rounded() ? String(Int64(scaled)) : String(scaled)
    }

    /// A count and its noun, the noun plural unless the count is one: `1 check`, `3 violations`.
    public static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `value` in decimal, left-padded with zeros to `width` digits (`%0*d`).
    public static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count - (value < 0 ? 1 : 0)))
        return (value < 0 ? "-" : "") + padding + digits
    }

    /// `value` rounded half away from zero to `decimals` places, always showing them (`%.1f`).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return String(value) }
        let units = UInt64(scaled)
        let whole = String(units / UInt64(scale))
        let sign = value.sign == .minus ? "-" : ""
        guard decimals > 0 else { return sign + whole }
        let fraction = String(units % UInt64(scale))
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// Bytes as lowercase hexadecimal, two digits each (a digest as `sha256sum` prints it).
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
