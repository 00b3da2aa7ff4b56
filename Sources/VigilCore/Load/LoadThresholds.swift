/// What a load run must stay within to pass: the seed's LoadTestingManager limits (an average
/// response time of 5000 ms, 5 % errors) by default, and a 99th percentile when one is given,
/// because an average hides the slow tail users feel.
public struct LoadThresholds: Sendable, Equatable {
    public static let defaultMaxAverageMs = 5000.0
    public static let defaultMaxErrorPercent = 5.0

    public var maxAverageMs: Double
    public var maxErrorPercent: Double
    public var p99Ms: Double?

    public init(maxAverageMs: Double = defaultMaxAverageMs, maxErrorPercent: Double = defaultMaxErrorPercent, p99Ms: Double? = nil) {
        self.maxAverageMs = maxAverageMs
        self.maxErrorPercent = maxErrorPercent
        self.p99Ms = p99Ms
    }
}
