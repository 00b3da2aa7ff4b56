extension LoadTestSummary {
    /// The report as a person reads it: the verdict first, then the figures, then a table of the thresholds.
    public var text: String {
        func ms(_ value: Double) -> String { NumberText.fixed(value, decimals: 2) }
        let mode = rate.map { "\(NumberText.format($0)) requests/s" } ?? "closed loop"
        var lines = [
            passed ? "PASSED: every threshold holds" : "FAILED: \(failed.joined(separator: ", "))",
            "",
            "scenario     \(scenario)",
            "load         \(NumberText.counted(concurrency, "connection")), \(bound), \(mode)",
            "requests     \(requests) in \(NumberText.fixed(elapsedSeconds, decimals: 2)) s, \(NumberText.fixed(throughput, decimals: 1)) requests/s",
            "errors       " + (errorCount == 0 ? "0" : "\(errorCount) (\(NumberText.fixed(errorPercent, decimals: 2)) %): "
                + errors.sorted { (LoadErrorKind(rawValue: $0.key) ?? .io) < (LoadErrorKind(rawValue: $1.key) ?? .io) }
                    .map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            "latency ms   min \(ms(latencyMs.min))  mean \(ms(latencyMs.mean))  p50 \(ms(latencyMs.p50))  p90 \(ms(latencyMs.p90))  p99 \(ms(latencyMs.p99))  max \(ms(latencyMs.max))",
            "",
        ]
        let rows = [["threshold", "limit", "measured", "result"]] + thresholds.map {
            [$0.threshold, NumberText.format($0.limit), ms($0.measured), $0.passed ? "ok" : "FAILED"]
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                column == 0 || column == 3 ? cell.padding(to: widths[column]) : cell.leftPadding(to: widths[column])
            }
            lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
    func trimmingTrailingSpaces() -> String { String(reversed().drop { $0 == " " }.reversed()) }
}
