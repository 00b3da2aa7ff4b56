/// Every kind of event Vigil writes to the journal, each with a fixed MESSAGE_ID.
///
/// The IDs are documented in `systemd/vigil.catalog`, so `journalctl -x` explains them and
/// `journalctl MESSAGE_ID=…` finds them; never change one once shipped.
public enum EventKind: String, Sendable, CaseIterable, Hashable {
    case checkCritical = "check-critical"
    case checkWarning = "check-warning"
    case checkUnknown = "check-unknown"
    case checkRecovered = "check-recovered"
    case checkHealthy = "check-healthy"
    case checkOverrun = "check-overrun"
    case daemonStarted = "daemon-started"
    case daemonStopping = "daemon-stopping"
    case configReloaded = "config-reloaded"
    case configRejected = "config-rejected"
    case daemonError = "daemon-error"

    public var messageID: String {
        switch self {
        case .checkCritical: "90ec9d9535574aae96f1e1d77a3213f8"
        case .checkWarning: "17d655708ab74dbaa406c0e8d7face9d"
        case .checkUnknown: "1cee6afa7e494f9280fe67294abbd98d"
        case .checkRecovered: "6a25b32d9dd643098db3ab47a5caaa01"
        case .checkHealthy: "f6651a0ddd144c6fba27f323ba158453"
        case .checkOverrun: "ebfc016e9c7d4e25a57fc63613fe6f98"
        case .daemonStarted: "655ff8c445664e6cb9f37acdd18dd551"
        case .daemonStopping: "389d121954a24e20b6459f68e189850f"
        case .configReloaded: "62b4e2e1153f441c8cce9b01457a39fb"
        case .configRejected: "7928535dbda246f48ff9d38957ae7e76"
        case .daemonError: "6ee4688e977c45fe962def7b420d6121"
        }
    }
}

/// syslog priorities, as journald's `PRIORITY` field carries them.
public enum JournalPriority: Int, Sendable, Comparable, CaseIterable {
    case emergency = 0, alert, critical, error, warning, notice, info, debug

    public static func < (lhs: JournalPriority, rhs: JournalPriority) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The names `--log-level` and journalctl's `-p` use.
    public var name: String {
        switch self {
        case .emergency: "emerg"
        case .alert: "alert"
        case .critical: "crit"
        case .error: "err"
        case .warning: "warning"
        case .notice: "notice"
        case .info: "info"
        case .debug: "debug"
        }
    }
}
