/// A `[[sample]]`: what it measures and how its measurements are judged. To the decision engine a
/// sample is a check (`CheckKind.sample`): confirmation, flapping, dependencies, plans and
/// incidents apply to its status as to any check's.
public struct SampleSettings: Sendable, Equatable {
    public var measure: SampleMeasure
    public var rules: SampleRules

    public init(measure: SampleMeasure, rules: SampleRules = SampleRules()) {
        self.measure = measure
        self.rules = rules
    }
}

/// The operation a sample measures (`kind`).
public enum SampleMeasure: Sendable, Equatable {
    /// A statement's latency, run read-only against a `[database.NAME]`.
    case sql(database: String, query: String)
    /// A request's latency, with the http check's client and rules.
    case http(HTTPCheckSettings)
    /// A systemd unit's memory (`memory.current` of its cgroup) and CPU share.
    case unit(String)
    /// A process by pid file: its resident memory and CPU share, from /proc.
    case process(pidFile: String)

    /// The `kind` a config file names.
    public var name: String {
        switch self {
        case .sql: "sql"
        case .http: "http"
        case .unit: "unit"
        case .process: "process"
        }
    }

    public static let names = ["sql", "http", "unit", "process"]

    /// What is measured, as a baseline remembers it: a sample pointed elsewhere starts afresh.
    public var fingerprint: String {
        switch self {
        case let .sql(database, query): "sql \(database) \(query)"
        case let .http(settings): "http \(settings.method) \(settings.url)"
        case let .unit(unit): "unit \(unit)"
        case let .process(pidFile): "process \(pidFile)"
        }
    }
}
