import VigilCore
import VigilPostgres

/// An `event_store` check: one consistency scan of the table inside PostgreSQL (full mode). Any
/// anomaly makes it CRITICAL with the counts as metrics; a scan that cannot run (a missing table or
/// column, no permission, the deadline) is UNKNOWN with the reason: never a partial "healthy".
public struct EventStoreProbe: Probe {
    public let database: DatabaseSettings
    public let settings: EventStoreCheckSettings

    public init(database: DatabaseSettings, settings: EventStoreCheckSettings) {
        self.database = database
        self.settings = settings
    }

    /// The scanned table as VigilPostgres describes it.
    public static func table(for settings: EventStoreCheckSettings) -> EventStoreTable {
        let (schema, table) = settings.schemaAndTable
        return EventStoreTable(schema: schema, table: table, aggregateColumn: settings.aggregateColumn,
                               versionColumn: settings.versionColumn, timestampColumn: settings.timestampColumn,
                               idColumn: settings.idColumn, firstVersion: settings.firstVersion)
    }

    /// Connects and scans once; shared with `vigil consistency`.
    public static func scan(_ settings: EventStoreCheckSettings, database: DatabaseSettings,
                            deadline: ContinuousClock.Instant) throws(PostgresError) -> ConsistencyReport {
        let connection = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
        return try EventStoreScan.full(table(for: settings), on: connection, maxIssues: settings.maxIssues, deadline: deadline)
    }

    public func observe(until deadline: ContinuousClock.Instant) async throws -> Observation {
        let settings = settings
        let database = database
        return try await BlockingIO.run {
            do throws(PostgresError) {
                return Self.observation(of: try Self.scan(settings, database: database, deadline: deadline))
            } catch {
                return Observation(status: .unknown, message: "could not check: \(error.description)")
            }
        }
    }

    /// CRITICAL with the counts when anything was found, else HEALTHY with what was checked.
    static func observation(of report: ConsistencyReport) -> Observation {
        var metrics: [String: Double] = ["issues": Double(report.totalIssues), "events_checked": Double(report.eventsChecked),
                                         "aggregates_checked": Double(report.aggregatesChecked)]
        for kind in ConsistencyAnomaly.Kind.allCases {
            metrics[kind.rawValue.lowercased()] = Double(report.issueCounts[kind.rawValue] ?? 0)
        }
        let checked = "\(report.eventsChecked) events of \(report.aggregatesChecked) aggregates"
        guard report.totalIssues > 0 else {
            return Observation(message: "\(checked) consistent", metrics: metrics)
        }
        let counts = report.issueCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let first = report.issues.first.map { "; first: \($0.kind.rawValue) in \($0.aggregateID): \($0.details)" } ?? ""
        return Observation(status: .critical, message: "\(counts) in \(checked)\(first)", metrics: metrics)
    }
}
