/// `vigil check` as a Nagios/Icinga plugin: the output the Monitoring Plugins Development Guidelines
/// ask for, so another monitor records Vigil's verdict, message and metrics as its own.
///
/// The first line is `KIND STATUS - message | perfdata`; the lines after it are the long text.
/// Status words are the plugin words (`OK`, not `HEALTHY`), since that is what monitors show.
public enum PluginReport {
    /// One check: `DISK CRITICAL - root: … | free_percent=12.5%;20:;15:;0;100`, then its details.
    public static func single(_ result: CheckResult, thresholds: [MetricThreshold]) -> String {
        let message = oneLine(result.message)
        let first = "\(result.kind.uppercased()) \(word(result.status)) - \(result.name)" + (message.isEmpty ? "" : ": \(message)")
        var lines = [withPerformanceData(first, performanceData(of: result, thresholds: thresholds))]
        lines.append("\(result.name) (\(result.kind)) ran in \(NumberText.format(result.durationMs)) ms")
        lines += metricLines(of: result, thresholds: thresholds)
        return lines.joined(separator: "\n")
    }

    /// Several checks: one line for the overall status (the exit code's), then one line per check,
    /// and the performance data of all, each label prefixed with its check's name (`root.free_percent`).
    public static func several(_ report: HealthReport, thresholds: [String: [MetricThreshold]]) -> String {
        let summary = report.summary
        var counts = [(summary.critical, "critical"), (summary.warning, "warning"), (summary.unknown, "unknown"),
                      (summary.healthy, "healthy")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        if counts.isEmpty { counts = ["none configured"] }
        let first = "VIGIL \(word(report.overall)) - \(summary.total) check\(summary.total == 1 ? "" : "s"): "
            + counts.joined(separator: ", ")
        let data = report.checks.flatMap { result in
            performanceData(of: result, thresholds: thresholds[result.name] ?? []).map { datum in
                var prefixed = datum
                prefixed.label = "\(result.name).\(datum.label)"
                return prefixed
            }
        }
        let lines = report.checks.map { "\(word($0.status)) - \($0.name) (\($0.kind)): \(oneLine($0.message))" }
        return ([withPerformanceData(first, data)] + lines).joined(separator: "\n")
    }

    /// The result's metrics: first those with thresholds, in configuration order, then the rest by name;
    /// each in the unit its plugin gave it, else the one its name promises.
    /// A thresholded metric the run did not report (a failed probe) is left out rather than sent as `U`.
    public static func performanceData(of result: CheckResult, thresholds: [MetricThreshold]) -> [PerformanceDatum] {
        let limited = thresholds.filter { result.metrics[$0.metric] != nil }
        let limitedNames = Set(limited.map(\.metric))
        let order = limited.map(\.metric) + result.metrics.keys.filter { !limitedNames.contains($0) }.sorted()
        let byMetric = Dictionary(thresholds.map { ($0.metric, $0) }, uniquingKeysWith: { first, _ in first })
        return order.map { metric in
            let unit = result.units[metric] ?? PerformanceDatum.unit(ofMetric: metric)
            let bounds = PerformanceDatum.bounds(ofUnit: unit)
            let threshold = byMetric[metric]
            return PerformanceDatum(label: metric, value: result.metrics[metric], unit: unit,
                                    warning: threshold.map { PerformanceDatum.range($0.warning, $0.direction) } ?? "",
                                    critical: threshold.map { PerformanceDatum.range($0.critical, $0.direction) } ?? "",
                                    minimum: bounds.minimum, maximum: bounds.maximum)
        }
    }

    /// The word a plugin prints for a status.
    public static func word(_ status: Status) -> String {
        status == .healthy ? "OK" : status.rawValue
    }

    /// One line per metric for the long text: its value and the limits it is held to.
    private static func metricLines(of result: CheckResult, thresholds: [MetricThreshold]) -> [String] {
        performanceData(of: result, thresholds: thresholds).map { datum in
            let value = datum.value.map { NumberText.format($0) + datum.unit } ?? "U"
            guard let threshold = thresholds.first(where: { $0.metric == datum.label }) else {
                return "\(datum.label) \(value)"
            }
            let limits = [("warning", threshold.warning), ("critical", threshold.critical)].compactMap { level, limit in
                limit.map { "\(level) \(threshold.direction.symbol) \(NumberText.format($0))\(datum.unit)" }
            }
            return limits.isEmpty ? "\(datum.label) \(value)" : "\(datum.label) \(value) (\(limits.joined(separator: ", ")))"
        }
    }

    private static func withPerformanceData(_ line: String, _ data: [PerformanceDatum]) -> String {
        data.isEmpty ? line : line + " | " + data.map(\.text).joined(separator: " ")
    }

    /// A message fit for one line of plugin output: no line breaks, and no `|`, which would start
    /// the performance data.
    static func oneLine(_ message: String) -> String {
        var text = ""
        var pendingSpace = false
        for character in message {
            if character.isNewline || character == "\t" {
                pendingSpace = !text.isEmpty
                continue
            }
            if pendingSpace, character != " ", text.last != " " { text.append(" ") }
            pendingSpace = false
            text.append(character == "|" ? "/" : character)
        }
        return text
    }
}
