import Dispatch
import FoundationEssentials
import VigilCore
import VigilProcess

extension EventStoreScan {
    /// The full scan split in two by aggregate range, one half per session, run at the same time:
    /// the window pass that dominates the scan runs in one process per statement, so two sessions
    /// use two cores. The second session imports the first one's snapshot (`pg_export_snapshot`,
    /// `SET TRANSACTION SNAPSHOT`), so both read the same database state and the report is the one
    /// a single scan gives: the same anomalies in the same order, the same totals.
    ///
    /// The split point is the median of the aggregate column's statistics (`pg_stats`); without
    /// statistics the first session scans everything and the second stays idle. Same errors and
    /// deadline as `full(_:on:maxIssues:deadline:)`.
    public static func full(_ table: EventStoreTable, on first: PostgresConnection, and second: PostgresConnection,
                            maxIssues: Int, deadline: ContinuousClock.Instant) throws(PostgresError) -> ConsistencyReport {
        let started = ContinuousClock.now
        let sessions = [first, second]
        var opened = [first]
        do throws(PostgresError) {
            _ = try first.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; \(try statementTimeout(until: deadline))", deadline: deadline)
            let catalog = try EventStoreCatalog.read(table, on: first, deadline: deadline)
            var ranges = [EventStoreScanQuery.AggregateRange()]
            if let median = try medianAggregate(table, catalog: catalog, on: first, deadline: deadline) {
                ranges = [EventStoreScanQuery.AggregateRange(below: median), EventStoreScanQuery.AggregateRange(from: median)]
                let snapshot = try first.query("SELECT pg_export_snapshot()", deadline: deadline).rows.first?[0] ?? nil
                guard let snapshot else { throw PostgresError("the server exported no snapshot") }
                opened.append(second)
                _ = try second.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT \(try SQLQuoting.literal(snapshot))",
                                     deadline: deadline)
            }
            let queries = try ranges.map { (range) throws(PostgresError) in try EventStoreScanQuery(table: table, catalog: catalog, range: range) }
            for (session, query) in zip(sessions, queries) {
                _ = try session.query("\(query.plannerSettings); \(try statementTimeout(until: deadline))", deadline: deadline)
            }

            let empty = ConsistencyReport(mode: .full, ruledOut: catalog.ruledOut(table))
            let halves = zip(sessions, queries).map { session, query in
                HalfScan(session, sql: query.sql, report: empty, table: table, maxIssues: maxIssues)
            }
            let workers = halves.dropFirst().map { half in HalfScan.start { half.run(deadline: deadline) } }
            halves[0].run(deadline: deadline)
            workers.forEach { $0.wait() }
            for half in halves {
                if let error = half.error { throw error }
            }
            for session in opened { _ = try session.query("COMMIT", deadline: deadline) }

            var report = empty
            for half in halves {
                let part = try half.reader.checkedReport(of: catalog.tableName)
                report.eventsChecked += part.eventsChecked
                report.aggregatesChecked += part.aggregatesChecked
                report.issueCounts.merge(part.issueCounts, uniquingKeysWith: +)
                report.issues += part.issues.prefix(max(maxIssues - report.issues.count, 0))
            }
            report.truncated = report.totalIssues > report.issues.count
            report.durationMs = DurationText.elapsedMilliseconds(since: started)
            return report
        } catch {
            for session in opened { _ = try? session.query("ROLLBACK", deadline: deadline) }
            throw PostgresError("consistency check of \(table.displayName) failed: \(error.description)")
        }
    }

    /// The middle value of the aggregate column's histogram (or of its most common values), as a
    /// typed SQL value; nil without statistics.
    private static func medianAggregate(_ table: EventStoreTable, catalog: EventStoreCatalog, on connection: PostgresConnection,
                                        deadline: ContinuousClock.Instant) throws(PostgresError) -> String? {
        let column = try SQLQuoting.literal(table.aggregateColumn)
        guard let row = try connection.query("""
            SELECT format_type(a.atttypid, a.atttypmod), coalesce(s.histogram_bounds::text, s.most_common_vals::text)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname AND NOT s.inherited
            WHERE a.attrelid = to_regclass(\(try SQLQuoting.literal(catalog.quotedTable))) AND a.attname = \(column)
            """, deadline: deadline).rows.first, let type = row[0], let values = row[1] else { return nil }
        // The type's own text form, read back by the server: no value is parsed here.
        let median = try connection.query("""
            SELECT (sorted.xs[(array_length(sorted.xs, 1) + 1) / 2])::text
            FROM (SELECT array_agg(x ORDER BY x) AS xs FROM unnest(CAST(\(try SQLQuoting.literal(values)) AS \(type)[])) AS x) AS sorted
            WHERE array_length(sorted.xs, 1) >= 2
            """, deadline: deadline).rows.first?[0] ?? nil
        return try median.map { (value) throws(PostgresError) in "CAST(\(try SQLQuoting.literal(value)) AS \(type))" }
    }
}

/// One half of a split scan: its rows read into its own report on the thread that runs it; read
/// by the caller only after that thread is done.
private final class HalfScan: @unchecked Sendable {
    private let connection: PostgresConnection
    private let sql: String
    private(set) var reader: ScanRowReader
    private(set) var error: PostgresError?

    init(_ connection: PostgresConnection, sql: String, report: ConsistencyReport, table: EventStoreTable, maxIssues: Int) {
        self.connection = connection
        self.sql = sql
        reader = ScanRowReader(report: report, table: table, maxIssues: maxIssues)
    }

    func run(deadline: ContinuousClock.Instant) {
        do throws(PostgresError) {
            try connection.streamRows(sql, deadline: deadline) { reader.read($0) }
            reader.finish()
        } catch {
            self.error = error
        }
    }

    /// Runs `work` on a thread of its own (the stream blocks); `wait()` returns once it is done.
    static func start(_ work: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        DetachedThread.start {
            work()
            done.signal()
        }
        return done
    }
}
