/// How a sampled operation is judged against its own recent past (`[[sample]]` keys): the seed's
/// PerformanceMonitor rules, with the edges an operator tunes.
public struct SampleRules: Sendable, Equatable, Codable {
    /// How many recent samples make the baseline (`window`); no degradation is said before it is full.
    public var window: Int
    /// A sample slower than `factor` × the baseline's mean is degraded (`factor`, the seed's 1.5).
    public var factor: Double
    /// …and only when slower by more than this (`min_delta`): 1 ms → 2 ms is no alarm.
    public var minDelta: Duration
    /// Consecutive degraded samples before it is a finding (`for`).
    public var sustainFor: Int
    /// Memory grown by more than this across the window is a finding (`memory_growth`, the seed's 100 MB).
    public var memoryGrowthBytes: Double
    /// The span over which a steady climb is a leak (`leak_window`).
    public var leakWindow: Duration
    /// CPU share of one core, averaged over `cpuFor`, above which it is a finding (`cpu_percent`).
    public var cpuPercent: Double
    public var cpuFor: Duration
    /// The status a finding gives the sample (`severity_on_finding`): WARNING, or CRITICAL.
    public var statusOnFinding: Status

    public init(window: Int = 10, factor: Double = 1.5, minDelta: Duration = .milliseconds(5), sustainFor: Int = 1,
                memoryGrowthBytes: Double = 100_000_000, leakWindow: Duration = .seconds(3600),
                cpuPercent: Double = 90, cpuFor: Duration = .seconds(300), statusOnFinding: Status = .warning) {
        self.window = window
        self.factor = factor
        self.minDelta = minDelta
        self.sustainFor = sustainFor
        self.memoryGrowthBytes = memoryGrowthBytes
        self.leakWindow = leakWindow
        self.cpuPercent = cpuPercent
        self.cpuFor = cpuFor
        self.statusOnFinding = statusOnFinding
    }
}
