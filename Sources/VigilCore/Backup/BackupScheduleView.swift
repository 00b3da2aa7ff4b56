import FoundationEssentials

/// The daemon's own backups as `status.json` and `vigil status` show them: when the next one is
/// due, or since when one runs, so an operator need not work it out from the schedule and the
/// destination.
public struct BackupScheduleView: Codable, Equatable, Sendable {
    /// `daily at 02:30` or `every 6h`.
    public var schedule: String
    public var destination: String
    /// When the armed timer fires; `nil` while a backup runs.
    public var nextDue: Date?
    /// When the running backup started; `nil` when none runs.
    public var runningSince: Date?

    public init(schedule: BackupSchedule, destination: String, nextDue: Date?, runningSince: Date?) {
        self.schedule = switch schedule {
        case .daily(let time): "daily at \(time)"
        case .every(let interval): "every \(DurationText.format(interval))"
        }
        self.destination = destination
        self.nextDue = nextDue
        self.runningSince = runningSince
    }
}
