/// Judges a load report against its thresholds. A value equal to its limit holds, as with every
/// other threshold in Vigil; with no answer at all the error rate (100 %) fails the run.
public enum LoadJudgement {
    public static func verdict(_ report: LoadReport, _ thresholds: LoadThresholds) -> LoadVerdict {
        var lines: [LoadVerdict.Line] = []
        func check(_ name: String, _ limit: Double, _ measured: Double) {
            lines.append(LoadVerdict.Line(threshold: name, limit: limit, measured: measured, passed: measured <= limit))
        }
        check("max_average_ms", thresholds.maxAverageMs, report.latency.mean)
        check("max_error_percent", thresholds.maxErrorPercent, report.errorPercent)
        if let p99 = thresholds.p99Ms { check("p99_ms", p99, report.latency.p99) }
        return LoadVerdict(lines: lines)
    }
}
