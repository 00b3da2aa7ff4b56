/// One item of a plugin's performance data, `'label'=value[UOM];[warn];[crit];[min];[max]`, as the
/// Monitoring Plugins Development Guidelines define it, so that Icinga, Nagios and their graphers
/// read Vigil's metrics as they read any plugin's.
public struct PerformanceDatum: Sendable, Equatable {
    public var label: String
    /// `nil` writes `U`: the value could not be determined.
    public var value: Double?
    /// One of the guidelines' units (`""`, `s`, `ms`, `us`, `%`, `B`, `KB`, `MB`, `TB`, `c`).
    public var unit: String
    /// Ranges in the guidelines' threshold syntax (`10`, `10:`, `~:10`, `@10:20`), as written.
    public var warning: String
    public var critical: String
    public var minimum: Double?
    public var maximum: Double?

    public init(label: String, value: Double?, unit: String = "", warning: String = "", critical: String = "",
                minimum: Double? = nil, maximum: Double? = nil) {
        self.label = label
        self.value = value
        self.unit = unit
        self.warning = warning
        self.critical = critical
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The item as a plugin prints it; trailing empty fields are left out.
    public var text: String {
        var fields = [(value.map(Self.number) ?? "U") + unit, warning, critical,
                      minimum.map(Self.number) ?? "", maximum.map(Self.number) ?? ""]
        while fields.count > 1, fields.last == "" { fields.removeLast() }
        return Self.quotedLabel(label) + "=" + fields.joined(separator: ";")
    }

    /// The label, quoted with `'` when it holds a space or a quote (a quote is doubled); `=`, which no
    /// label may hold, becomes `_`.
    static func quotedLabel(_ label: String) -> String {
        let cleaned = label.replacingAll("=", with: "_")
        guard cleaned.contains(where: { $0.isWhitespace || $0 == "'" }) else { return cleaned }
        return "'" + cleaned.replacingAll("'", with: "''") + "'"
    }

    /// A number in the guidelines' class `[-0-9.]`: never an exponent, at most six decimals and 15
    /// significant digits, no trailing zeros; from 10^12 on, whole numbers. `U` (undetermined) for
    /// what cannot be written so: infinities, NaN, magnitudes beyond 64-bit integers.
    public static func number(_ value: Double) -> String {
        let magnitude = abs(value)
        guard value.isFinite, magnitude < 9.2e18 else { return "U" }
        let sign = value < 0 ? "-" : ""
        if magnitude >= 1e12 { return sign + String(Int64(magnitude.rounded())) }
        // A double holds about 15 significant digits: decimals beyond them would be noise.
        let decimals = min(6, 15 - String(Int64(magnitude)).count)
        var text = NumberText.fixed(magnitude, decimals: decimals)
        if decimals > 0 {
            while text.last == "0" { text.removeLast() }
            if text.last == "." { text.removeLast() }
        }
        return text == "0" ? "0" : sign + text
    }

    /// The unit a metric's name promises, by the suffixes Vigil's metrics use: `_ms` is `ms`,
    /// `_percent` is `%`, `_bytes` is `B`, `_seconds` is `s`, `_total` a counter `c`; others have none.
    public static func unit(ofMetric metric: String) -> String {
        let suffixes: [(String, String)] = [("_ms", "ms"), ("_us", "us"), ("_seconds", "s"), ("_percent", "%"),
                                            ("_bytes", "B"), ("_total", "c")]
        return suffixes.first(where: { metric.hasSuffix($0.0) })?.1 ?? ""
    }

    /// Where a unit's values start and end: percentages run from 0 to 100, durations, sizes and
    /// counters start at 0; unitless values have no stated bounds.
    public static func bounds(ofUnit unit: String) -> (minimum: Double?, maximum: Double?) {
        switch unit {
        case "%": (0, 100)
        case "s", "ms", "us", "B", "KB", "MB", "TB", "c": (0, nil)
        default: (nil, nil)
        }
    }

    /// The guidelines' range that alerts exactly where Vigil's threshold breaches: above the limit
    /// (`10`: outside 0…10) or below it (`10:`: outside 10…∞); equal to the limit is no breach in both.
    public static func range(_ limit: Double?, _ direction: MetricDirection) -> String {
        guard let limit else { return "" }
        switch direction {
        case .higherIsWorse: return number(limit)
        case .lowerIsWorse: return number(limit) + ":"
        }
    }
}
