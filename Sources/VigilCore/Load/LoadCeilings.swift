/// The most a scheduled `load` check may ask for. A check runs again and again against a live
/// service, so it must stay a probe, never become the load: a scenario above a ceiling is refused
/// when the configuration is loaded, not trimmed quietly at run time.
public struct LoadCeilings: Sendable, Equatable {
    public static let defaultMaxConcurrency = 4
    public static let defaultMaxRate = 20.0
    public static let defaultMaxDuration: Duration = .seconds(10)

    public var maxConcurrency: Int
    /// Requests per second.
    public var maxRate: Double
    /// The planned length of one run: its duration, or its count at its rate.
    public var maxDuration: Duration

    public init(maxConcurrency: Int = defaultMaxConcurrency, maxRate: Double = defaultMaxRate,
                maxDuration: Duration = defaultMaxDuration) {
        self.maxConcurrency = maxConcurrency
        self.maxRate = maxRate
        self.maxDuration = maxDuration
    }
}
