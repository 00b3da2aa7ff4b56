/// The verdict on one check, or on the whole system.
///
/// The seed's three statuses plus `UNKNOWN` for "could not be judged" (a failed dependency,
/// a plugin that exited oddly, a check that was never run).
public enum Status: String, Sendable, Codable, CaseIterable, Hashable {
    case healthy = "HEALTHY"
    case warning = "WARNING"
    case critical = "CRITICAL"
    case unknown = "UNKNOWN"

    /// The Nagios plugin exit code, so `vigil check` is itself a plugin.
    public var exitCode: Int32 {
        switch self {
        case .healthy: 0
        case .warning: 1
        case .critical: 2
        case .unknown: 3
        }
    }

    /// Maps a plugin's exit code back; `nil` for codes outside the convention.
    public init?(pluginExitCode code: Int32) {
        switch code {
        case 0: self = .healthy
        case 1: self = .warning
        case 2: self = .critical
        case 3: self = .unknown
        default: return nil
        }
    }

    /// How bad a status is when two verdicts on the same check are combined
    /// (Nagios order: OK < WARNING < UNKNOWN < CRITICAL).
    public var badness: Int {
        switch self {
        case .healthy: 0
        case .warning: 1
        case .unknown: 2
        case .critical: 3
        }
    }

    /// The worse of two verdicts on the same check.
    public func worse(_ other: Status) -> Status {
        other.badness > badness ? other : self
    }
}
