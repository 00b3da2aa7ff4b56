/// systemd's `ActiveState` of a unit, as a `systemd_unit` check judges it.
///
/// Kept apart from sd-bus so the verdict is a plain table, testable without a service manager.
public enum UnitActiveState: String, Sendable, CaseIterable, Hashable {
    case active
    case reloading
    case inactive
    case failed
    case activating
    case deactivating

    /// Running is healthy; on its way up, down or reloading is a warning (it should settle);
    /// stopped or failed is critical.
    public var status: Status {
        switch self {
        case .active: .healthy
        case .activating, .reloading, .deactivating: .warning
        case .failed, .inactive: .critical
        }
    }

    /// The verdict on any `ActiveState` text; states this table does not know (such as
    /// `maintenance`, or one a newer systemd adds) are `UNKNOWN` rather than guessed.
    public static func status(of activeState: String) -> Status {
        UnitActiveState(rawValue: activeState)?.status ?? .unknown
    }
}
