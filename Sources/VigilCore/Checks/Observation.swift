/// What a probe saw of the outside world, before thresholds are applied.
///
/// A probe may judge for itself (a plugin's exit code, an unexpected HTTP status); otherwise
/// it reports `HEALTHY` and leaves the judgement to the configured thresholds.
public struct Observation: Sendable, Equatable {
    public var status: Status
    public var message: String
    public var metrics: [String: Double]
    /// The units a plugin gave its metrics (`B`, `%`, …); Vigil's own metrics say theirs in their names.
    public var units: [String: String]
    /// Every finding, where a probe has more than its message can name (a configuration review's
    /// violations): `vigil security` and the JSON report list them all.
    public var issues: [String]

    public init(status: Status = .healthy, message: String, metrics: [String: Double] = [:],
                units: [String: String] = [:], issues: [String] = []) {
        self.status = status
        self.message = message
        self.metrics = metrics
        self.units = units
        self.issues = issues
    }
}

/// How one run of a probe ended.
public enum ProbeOutcome: Sendable, Equatable {
    /// The probe finished and saw something.
    case observed(Observation)
    /// The probe threw; the text is the error, already free of secrets.
    case failed(String)
    /// The probe was still running at its deadline.
    case timedOut(after: Duration)
}
