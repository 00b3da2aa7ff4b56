/// A `load` check: a small run of one scenario on a schedule, under ceilings that keep it small.
/// Its metrics (`average_ms`, `error_percent`, `p50_ms`, `p90_ms`, `p99_ms`, `max_ms`,
/// `throughput`) are judged by the check's `warning` and `critical` tables like any other check's.
public struct LoadCheckSettings: Sendable, Equatable {
    /// Critical above 5000 ms on average or 5 % errors, the seed's limits, unless the check names its own.
    public static let defaultThresholds = [
        MetricThreshold(metric: "average_ms", direction: .higherIsWorse, critical: LoadThresholds.defaultMaxAverageMs),
        MetricThreshold(metric: "error_percent", direction: .higherIsWorse, critical: LoadThresholds.defaultMaxErrorPercent),
    ]

    public static let metrics: [String: MetricDirection] = [
        "average_ms": .higherIsWorse, "error_percent": .higherIsWorse, "p50_ms": .higherIsWorse, "p90_ms": .higherIsWorse,
        "p99_ms": .higherIsWorse, "max_ms": .higherIsWorse, "throughput": .lowerIsWorse,
    ]

    public var scenario: LoadScenario
    public var ceilings: LoadCeilings

    public init(scenario: LoadScenario, ceilings: LoadCeilings = LoadCeilings()) {
        self.scenario = scenario
        self.ceilings = ceilings
    }
}
