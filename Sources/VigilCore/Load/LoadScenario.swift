/// A load test as a scenario file describes it: how many connections, for how long or how many
/// requests, at what rate, what to send and what must hold. Every run is bounded: it stops by
/// itself at its duration or its count.
public struct LoadScenario: Sendable, Equatable {
    /// Where a run stops by itself.
    public enum Bound: Sendable, Equatable {
        /// No request is started after this long; those under way are waited for.
        case duration(Duration)
        /// This many requests in all, across every connection.
        case requests(Int)
    }

    public static let defaultTimeout: Duration = .seconds(10)

    /// Connections kept open at once, each with one request outstanding at a time.
    public var concurrency: Int
    public var bound: Bound
    /// Requests per second across all connections; `nil` sends each next request as soon as the
    /// previous answer on its connection came back (a closed loop, as wrk does).
    public var rate: Double?
    /// How long one request may take before it counts as a timeout error.
    public var timeout: Duration
    public var thresholds: LoadThresholds
    /// Sent in turn: the n-th request of the run is `requests[n % requests.count]`.
    public var requests: [LoadRequest]

    public init(concurrency: Int, bound: Bound, rate: Double? = nil, timeout: Duration = defaultTimeout,
                thresholds: LoadThresholds = LoadThresholds(), requests: [LoadRequest]) {
        self.concurrency = concurrency
        self.bound = bound
        self.rate = rate
        self.timeout = timeout
        self.thresholds = thresholds
        self.requests = requests
    }

    /// How long the run is planned to last: its duration, or its count at its rate; `nil` for a
    /// count without a rate, whose length depends on the server.
    public var plannedLength: Duration? {
        switch bound {
        case .duration(let duration): return duration
        case .requests(let count):
            guard let rate, rate > 0 else { return nil }
            return .milliseconds(Int64((Double(count) / rate * 1000).rounded(.up)))
        }
    }
}
