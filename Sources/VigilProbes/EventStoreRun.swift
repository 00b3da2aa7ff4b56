import FoundationEssentials
import VigilCore
import VigilPostgres

/// One run of an `event_store` check, full or incremental as its progress says: shared by the
/// probe (which keeps the progress) and `vigil consistency` (which only reads it).
public struct EventStoreRun: Sendable {
    public var report: ConsistencyReport
    /// The progress with this run recorded.
    public var progress: EventStoreProgress
    /// Kinds found that were not standing before.
    public var findings: [EventStoreFinding]

    /// Connects, runs the scan `previous` calls for (a full scan without a position column, on
    /// `forceFull`, or when one is due), and records it. Progress of another database, table or
    /// position column counts as none. `cancellation` stops the scan early (the daemon stopping).
    public static func perform(_ settings: EventStoreCheckSettings, database: DatabaseSettings, previous: EventStoreProgress?,
                               forceFull: Bool = false, at now: Date = Date(), deadline: ContinuousClock.Instant,
                               cancellation: QueryCancellation? = nil) throws(PostgresError) -> EventStoreRun {
        var progress = EventStoreProgress.resumed(previous, scope: EventStoreProgress.scope(of: settings, conninfo: database.conninfo))
        let connection = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
        connection.cancellation = cancellation
        let table = EventStoreProbe.table(for: settings)
        let report: ConsistencyReport
        let checkpoint: EventStoreCheckpoint?
        switch progress.nextRun(for: settings, forceFull: forceFull, at: now) {
        case .full:
            if let positionColumn = settings.positionColumn {
                (report, checkpoint) = try EventStoreScan.full(table, checkpointingBy: positionColumn, on: connection,
                                                               maxIssues: settings.maxIssues, deadline: deadline)
            } else {
                (report, checkpoint) = (try EventStoreScan.full(table, on: connection, maxIssues: settings.maxIssues, deadline: deadline), nil)
            }
        case .incremental(let after):
            // The mode is decided above, so a position column is there.
            (report, checkpoint) = try EventStoreScan.incremental(table, positionColumn: settings.positionColumn ?? "", after: after,
                                                                  on: connection, maxIssues: settings.maxIssues, deadline: deadline)
        }
        let findings = progress.record(report, checkpoint: checkpoint, at: now)
        return EventStoreRun(report: report, progress: progress, findings: findings)
    }
}
