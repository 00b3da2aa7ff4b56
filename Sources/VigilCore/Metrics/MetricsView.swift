/// `[metrics]` in status.json and `vigil status`: the address Prometheus scrapes, or why nothing listens.
public struct MetricsView: Codable, Equatable, Sendable {
    /// The bound address (with the port the kernel gave for port 0); nil while nothing listens.
    public var listen: String?
    /// Why the configured address could not be bound.
    public var error: String?

    public init(listen: String? = nil, error: String? = nil) {
        self.listen = listen
        self.error = error
    }

    public var line: String {
        if let error { return "metrics: not served: \(error)" + (listen.map { " (still serving http://\($0)/metrics)" } ?? "") }
        return "metrics: http://\(listen ?? "?")/metrics"
    }
}
