/// The `[backup]` table: what `vigil backup` puts into a backup, where, and how many it keeps.
public struct BackupSettings: Sendable, Equatable {
    /// The `[database.NAME]` table whose database is dumped.
    public var database: String
    /// Folders and files archived whole, each into a tar.gz of its own.
    public var storage: [String]
    /// Files copied as they are (the platform's configuration).
    public var config: [String]
    /// The folder backups are written into, one folder per backup.
    public var destination: String
    /// The newest `keep` verified backups are kept whatever their age ...
    public var keep: Int
    /// ... and every backup younger than this.
    public var keepFor: Duration
    /// How long the whole backup may take before it is abandoned.
    public var timeout: Duration
    /// The `pg_dump` to run (its version must not be older than the server's).
    public var pgDump: String
    /// The units `vigil restore` stops before it touches the database and the storage paths, in
    /// this order, and starts again (in reverse) once the restore validated.
    public var units: [String]
    /// What proves a backup good before it is renamed into place (`verify`).
    public var verify: BackupVerifyMode
    /// When the daemon takes a backup by itself (`daily_at` or `every`); `nil`: only `vigil backup` does.
    public var schedule: BackupSchedule?

    public static let defaultKeep = 7
    public static let defaultKeepFor: Duration = .seconds(7 * 24 * 3600)
    public static let defaultTimeout: Duration = .seconds(3600)
    public static let defaultPgDump = "/usr/bin/pg_dump"

    public init(database: String, storage: [String] = [], config: [String] = [], destination: String,
                keep: Int = BackupSettings.defaultKeep, keepFor: Duration = BackupSettings.defaultKeepFor,
                timeout: Duration = BackupSettings.defaultTimeout, pgDump: String = BackupSettings.defaultPgDump,
                units: [String] = [], verify: BackupVerifyMode = .files,
                schedule: BackupSchedule? = nil) {
        self.database = database
        self.storage = storage
        self.config = config
        self.destination = destination
        self.keep = keep
        self.keepFor = keepFor
        self.timeout = timeout
        self.pgDump = pgDump
        self.units = units
        self.verify = verify
        self.schedule = schedule
    }

    /// `pg_restore` beside the configured `pg_dump`, for verifying a dump.
    public var pgRestore: String {
        guard let slash = pgDump.lastIndex(of: "/") else { return "pg_restore" }
        return String(pgDump[...slash]) + "pg_restore"
    }
}
