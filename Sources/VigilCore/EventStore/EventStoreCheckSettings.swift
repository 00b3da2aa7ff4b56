/// An `event_store` check: the consistency of an event-sourced table (version gaps, duplicate
/// and first versions, timestamp disorder, NULLs), checked inside PostgreSQL in one pass.
/// Column names default to the common schema (`aggregate_id`, `version`, `occurred_at`, `event_id`).
public struct EventStoreCheckSettings: Sendable, Equatable {
    /// The `[database.NAME]` table to connect with.
    public var database: String
    /// `table` or `schema.table`, matched exactly.
    public var table: String
    public var aggregateColumn: String
    public var versionColumn: String
    public var timestampColumn: String
    public var idColumn: String
    /// The version every aggregate starts at.
    public var firstVersion: Int64
    /// How many anomalies a result lists; the counts are always exact.
    public var maxIssues: Int
    /// A global, increasing integer column (a bigserial): with it, runs check only the events
    /// past the last run's checkpoint, and a full scan runs every `fullEvery`.
    public var positionColumn: String?
    /// How often an incremental check still scans everything (what increments cannot see:
    /// an old event changed or deleted; standing anomalies since repaired).
    public var fullEvery: Duration

    public static let defaultMaxIssues = 100
    public static let defaultFullEvery: Duration = .seconds(24 * 3600)

    public init(database: String, table: String, aggregateColumn: String = "aggregate_id", versionColumn: String = "version",
                timestampColumn: String = "occurred_at", idColumn: String = "event_id", firstVersion: Int64 = 1,
                maxIssues: Int = EventStoreCheckSettings.defaultMaxIssues, positionColumn: String? = nil,
                fullEvery: Duration = EventStoreCheckSettings.defaultFullEvery) {
        self.database = database
        self.table = table
        self.aggregateColumn = aggregateColumn
        self.versionColumn = versionColumn
        self.timestampColumn = timestampColumn
        self.idColumn = idColumn
        self.firstVersion = firstVersion
        self.maxIssues = maxIssues
        self.positionColumn = positionColumn
        self.fullEvery = fullEvery
    }

    /// `schema.table` split at its only dot; a plain name is looked up through the search_path.
    public var schemaAndTable: (schema: String?, table: String) {
        let parts = table.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? (String(parts[0]), String(parts[1])) : (nil, table)
    }
}
