/// A `backup_age` check: CRITICAL when the newest verified backup in `destination` is older than
/// `maxAge`, when there is none, or when the last backup attempt failed.
public struct BackupAgeSettings: Sendable, Equatable {
    public var destination: String
    public var maxAge: Duration

    /// A nightly backup, with two hours to spare.
    public static let defaultMaxAge: Duration = .seconds(26 * 3600)

    public init(destination: String, maxAge: Duration = BackupAgeSettings.defaultMaxAge) {
        self.destination = destination
        self.maxAge = maxAge
    }
}
