/// What one load run measured. Latencies are those of the requests that got an answer, in
/// milliseconds, read from an HdrHistogram; with a rate they count from each request's intended
/// send time, so a stalled server's backlog shows (no coordinated omission).
public struct LoadReport: Sendable, Equatable, Codable {
    public struct Latency: Sendable, Equatable, Codable {
        public var min: Double
        public var mean: Double
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var max: Double

        public init(min: Double, mean: Double, p50: Double, p90: Double, p99: Double, max: Double) {
            self.min = min
            self.mean = mean
            self.p50 = p50
            self.p90 = p90
            self.p99 = p99
            self.max = max
        }

        public static let zero = Latency(min: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0)
    }

    /// Requests finished, answered or failed.
    public var requests: Int
    /// Failed requests by kind (`LoadErrorKind`'s raw values); kinds without errors are left out.
    public var errors: [String: Int]
    /// From the first send to the end of the last request.
    public var elapsedSeconds: Double
    public var latency: Latency
    /// Connections opened in all (reconnections after errors included).
    public var connectionsOpened: Int

    public init(requests: Int, errors: [LoadErrorKind: Int], elapsedSeconds: Double, latency: Latency, connectionsOpened: Int) {
        self.requests = requests
        self.errors = Dictionary(uniqueKeysWithValues: errors.filter { $0.value > 0 }.map { ($0.key.rawValue, $0.value) })
        self.elapsedSeconds = elapsedSeconds
        self.latency = latency
        self.connectionsOpened = connectionsOpened
    }

    public var errorCount: Int { errors.values.reduce(0, +) }

    /// Failed requests as a percentage of all finished; 100 when none finished, since nothing succeeded.
    public var errorPercent: Double {
        requests == 0 ? 100 : Double(errorCount) * 100 / Double(requests)
    }

    /// Requests finished per second.
    public var throughput: Double {
        elapsedSeconds > 0 ? Double(requests) / elapsedSeconds : 0
    }
}
