import VigilCore

/// The full consistency check of an event store, done by PostgreSQL in one streamed pass:
/// no per-aggregate round trips, and only anomalies and one totals row cross the wire.
///
/// Runs in a READ ONLY transaction whose `statement_timeout` ends just before `deadline`, so
/// a live server stops its own work; the client-side deadline still holds for a frozen one.
/// Creates and changes nothing in the database.
public enum EventStoreScan {
    /// Reads the catalog (a unique (aggregate, version) index rules out duplicates, NOT NULL
    /// columns rule out nulls), then scans every event once.
    ///
    /// Throws for a missing table or column, a column of the wrong type, missing privileges
    /// (each named), a timeout or a lost connection: never a partial report.
    public static func full(_ table: EventStoreTable, on connection: PostgresConnection, maxIssues: Int,
                            deadline: ContinuousClock.Instant) throws(PostgresError) -> ConsistencyReport {
        try scan(table, checkpointingBy: nil, on: connection, maxIssues: maxIssues, deadline: deadline).report
    }

    /// The full scan, plus the checkpoint incremental runs continue from: taken in the scan's own
    /// snapshot (REPEATABLE READ), so every event it counts as checked was scanned. Costs one more
    /// pass over the position and `xmin` columns. Also throws when `positionColumn` is not a
    /// readable integer column.
    public static func full(_ table: EventStoreTable, checkpointingBy positionColumn: String, on connection: PostgresConnection,
                            maxIssues: Int, deadline: ContinuousClock.Instant) throws(PostgresError) -> (ConsistencyReport, EventStoreCheckpoint) {
        let outcome = try scan(table, checkpointingBy: positionColumn, on: connection, maxIssues: maxIssues, deadline: deadline)
        guard let checkpoint = outcome.checkpoint else { throw PostgresError("scan of \(table.displayName) returned no checkpoint") }
        return (outcome.report, checkpoint)
    }

    private static func scan(_ table: EventStoreTable, checkpointingBy positionColumn: String?, on connection: PostgresConnection,
                             maxIssues: Int, deadline: ContinuousClock.Instant) throws(PostgresError)
        -> (report: ConsistencyReport, checkpoint: EventStoreCheckpoint?) {
        let started = ContinuousClock.now
        do throws(PostgresError) {
            let isolation = positionColumn == nil ? "" : " ISOLATION LEVEL REPEATABLE READ"
            _ = try connection.query("BEGIN\(isolation) READ ONLY; \(try statementTimeout(until: deadline))", deadline: deadline)
            let catalog = try EventStoreCatalog.read(table, on: connection, deadline: deadline)
            var checkpoint: EventStoreCheckpoint?
            if let positionColumn {
                // Before the scan, as an incremental run does: the horizon is read with the snapshot's first statements.
                _ = try EventStorePositionCatalog.read(table, positionColumn: positionColumn, catalog: catalog, on: connection, deadline: deadline)
                let sql = try EventStoreHorizon.checkpointAfterFullScan(table: catalog.quotedTable, positionColumn: positionColumn)
                let row = try connection.query(try statementTimeout(until: deadline) + "; " + sql, deadline: deadline).rows.first
                checkpoint = try EventStoreCheckpoint(row: row, table: catalog.tableName)
            }
            let query = try EventStoreScanQuery(table: table, catalog: catalog)
            _ = try connection.query("\(query.plannerSettings); \(try statementTimeout(until: deadline))", deadline: deadline)

            var reader = ScanRowReader(report: ConsistencyReport(mode: .full, ruledOut: catalog.ruledOut(table)),
                                       table: table, maxIssues: maxIssues)
            try connection.streamRows(query.sql, deadline: deadline) { reader.read($0) }
            reader.finish()
            _ = try connection.query("COMMIT", deadline: deadline)
            var report = try reader.checkedReport(of: catalog.tableName)
            report.durationMs = DurationText.elapsedMilliseconds(since: started)
            return (report, checkpoint)
        } catch {
            _ = try? connection.query("ROLLBACK", deadline: deadline)
            throw PostgresError("consistency check of \(table.displayName) failed: \(error.description)")
        }
    }

    /// `SET LOCAL statement_timeout` to the time left, less a tenth (at most a second), so the
    /// server gives up first and says why; the client's own deadline is the backstop.
    static func statementTimeout(until deadline: ContinuousClock.Instant) throws(PostgresError) -> String {
        let remaining = DurationText.milliseconds(ContinuousClock.now.duration(to: deadline))
        guard remaining > 0 else { throw PostgresError("deadline passed before the scan began") }
        let margin = min(remaining / 10, 1000)
        return "SET LOCAL statement_timeout = \(max(remaining - margin, 1))"
    }
}
