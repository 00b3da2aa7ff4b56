extension LoadReport {
    /// The report as a check's observation: its figures as metrics for the thresholds, and a one-line summary.
    public var observation: Observation {
        Observation(message: summary, metrics: [
            "average_ms": latency.mean, "error_percent": errorPercent, "p50_ms": latency.p50, "p90_ms": latency.p90,
            "p99_ms": latency.p99, "max_ms": latency.max, "throughput": throughput, "requests": Double(requests),
        ])
    }

    /// `200 requests in 10.0 s (20.0/s), 0 errors, p50 1.20 ms, p99 3.40 ms`.
    public var summary: String {
        "\(requests) requests in \(NumberText.fixed(elapsedSeconds, decimals: 1)) s (\(NumberText.fixed(throughput, decimals: 1))/s), "
            + "\(errorSummary), mean \(NumberText.fixed(latency.mean, decimals: 2)) ms, p50 \(NumberText.fixed(latency.p50, decimals: 2)) ms, "
            + "p99 \(NumberText.fixed(latency.p99, decimals: 2)) ms"
    }

    /// `0 errors`, or `12 errors (6.00 %: status_5xx 10, timeout 2)`.
    public var errorSummary: String {
        guard errorCount > 0 else { return "0 errors" }
        let kinds = errors.sorted { LoadErrorKind(rawValue: $0.key) ?? .io < LoadErrorKind(rawValue: $1.key) ?? .io }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(NumberText.counted(errorCount, "error")) (\(NumberText.fixed(errorPercent, decimals: 2)) %: \(kinds))"
    }
}
