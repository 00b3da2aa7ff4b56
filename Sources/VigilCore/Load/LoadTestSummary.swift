/// What `vigil loadtest` prints: the scenario's shape, the report, each threshold with what was
/// measured against it, and whether the run passed. Its JSON form is this, encoded as is.
public struct LoadTestSummary: Sendable, Equatable, Codable {
    public struct Latency: Sendable, Equatable, Codable {
        public var min, mean, p50, p90, p99, max: Double
    }

    public var scenario: String
    public var concurrency: Int
    /// Requests per second asked for; absent for a closed loop.
    public var rate: Double?
    /// The run's bound as written: `"30s"` or `"10000 requests"`.
    public var bound: String
    public var requests: Int
    /// By kind: connect, timeout, io, status_4xx, status_5xx.
    public var errors: [String: Int]
    public var errorCount: Int
    public var errorPercent: Double
    public var elapsedSeconds: Double
    /// Requests finished per second.
    public var throughput: Double
    public var latencyMs: Latency
    public var connectionsOpened: Int
    public var thresholds: [LoadVerdict.Line]
    public var passed: Bool
    /// The thresholds that failed, by key.
    public var failed: [String]

    public init(scenario: String, settings: LoadScenario, report: LoadReport, verdict: LoadVerdict) {
        self.scenario = scenario
        concurrency = settings.concurrency
        rate = settings.rate
        switch settings.bound {
        case .duration(let duration): bound = DurationText.format(duration)
        case .requests(let count): bound = "\(count) requests"
        }
        requests = report.requests
        errors = report.errors
        errorCount = report.errorCount
        errorPercent = report.errorPercent
        elapsedSeconds = report.elapsedSeconds
        throughput = report.throughput
        let latency = report.latency
        latencyMs = Latency(min: latency.min, mean: latency.mean, p50: latency.p50, p90: latency.p90, p99: latency.p99, max: latency.max)
        connectionsOpened = report.connectionsOpened
        thresholds = verdict.lines
        passed = verdict.passed
        failed = verdict.failures.map(\.threshold)
    }
}
