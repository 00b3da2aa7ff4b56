import VigilCore

/// The statement of an incremental consistency run. It reads the events past the checkpoint by
/// position, adds each touched aggregate's previous event through one probe of the
/// (aggregate, version) index (`LATERAL … ORDER BY version DESC LIMIT 1`), compares them in
/// version order as the full scan does, and returns only the new events with an anomaly, then
/// one last row with the totals and the next checkpoint (the full scan's columns, then
/// `Extra`'s).
///
/// The safe horizon: a position is handed out before its transaction commits, so an event may
/// become visible after higher positions were seen. The checkpoint settles only the positions
/// below the first visible event whose transaction is not older than the horizon: the lowest of
/// the snapshot's xmin (the oldest transaction still running) and every other session's
/// `backend_xmin` (a session inside its INSERT that drew a position before taking its
/// transaction id holds a snapshot at least that old). A transaction that drew its position
/// earlier is running at the snapshot, so every event drawn after it is unsettled. Above the
/// settled position the run's snapshot is kept, and the next run skips the events it saw.
/// Vacuum and WAL senders draw no positions and are left out, except for a role without
/// pg_read_all_stats, which sees no backend types and so counts them too.
///
/// Chosen over re-scanning an overlap window because it is exact for any delay, costs nothing
/// while no transaction is open, and needs no window size guessed. What it cannot see: a session
/// that drew a position in an earlier statement and now sits idle in its transaction with
/// neither a snapshot nor a transaction id older than the later events.
/// (`EventStoreHorizon` has the horizon's SQL, and how it survives xid wraparound.)
struct EventStoreIncrementalQuery {
    /// Output columns after `EventStoreScanQuery.Column`'s, on the totals row.
    enum Extra: Int, CaseIterable {
        case settledPosition = 15, checkedThrough, snapshot
    }

    /// The anomalies and the totals; no row at all when no event is new.
    let sql: String
    /// The next checkpoint alone (`Extra`'s columns), for a run with no new event.
    let checkpointSQL: String

    init(table: EventStoreTable, positionColumn: String, after checkpoint: EventStoreCheckpoint,
         catalog: EventStoreCatalog) throws(PostgresError) {
        let (aggregate, version, timestamp, id) = try table.quotedColumns()
        let position = try SQLQuoting.identifier(positionColumn)
        let settled = "CAST('\(checkpoint.settledPosition)' AS bigint)"
        let checkedThrough = "CAST('\(checkpoint.checkedThrough)' AS bigint)"

        // An event is new past what the last run checked, or below that if its snapshot did not see it.
        let isNew: String
        if let snapshot = checkpoint.snapshot, checkpoint.checkedThrough > checkpoint.settledPosition {
            isNew = "e.\(position) > \(checkedThrough) OR NOT pg_visible_in_snapshot(x.id::text::xid8, \(try SQLQuoting.literal(snapshot))::pg_snapshot)"
        } else {
            isNew = "true"
        }
        // With duplicates possible, the previous event may share the first new version.
        let previousMatch = catalog.uniqueVersionIndex == nil
            ? "e.\(version) <= touched.first_v AND e.\(position) <= \(settled)"
            : "e.\(version) < touched.first_v"

        let common = """
            WITH \(EventStoreHorizon.cte),
            candidates AS MATERIALIZED (
                SELECT e.\(position)::bigint AS p, e.\(aggregate) AS a, e.\(version) AS v, e.\(timestamp) AS t, e.\(id) AS id,
                       x.id AS x, (\(isNew)) AS n
                FROM \(catalog.quotedTable) AS e, horizon,
                     LATERAL (SELECT \(EventStoreHorizon.transactionID(of: "e")) AS id) AS x
                WHERE e.\(position) > \(settled)
            ),
            checkpoint AS (
                SELECT coalesce(max(c.p) FILTER (WHERE u.first_unsettled IS NULL OR c.p < u.first_unsettled), \(settled)) AS settled,
                       coalesce(max(c.p), \(settled)) AS checked_through,
                       (SELECT s::text FROM horizon) AS snapshot
                FROM (SELECT min(candidates.p) AS first_unsettled FROM candidates, horizon WHERE candidates.x >= horizon.h) AS u
                LEFT JOIN candidates AS c ON true
            )
            """
        checkpointSQL = common + "\nSELECT settled::text, checked_through::text, snapshot FROM checkpoint"

        if catalog.uniqueVersionIndex != nil {
            sql = common + (try Self.probingEachNewEvent(table: table, catalog: catalog))
            return
        }

        // Only new events are reported; their predecessors are there to be compared with.
        let anomalies = AnomalyPredicates(catalog: catalog, firstVersion: table.firstVersion, onlyWhere: "n")

        sql = common + """
            ,
            touched AS (
                -- In index order, the probes' pages are still in cache from the probe before: 20 % faster at 10M.
                SELECT a, min(v) AS first_v FROM candidates WHERE a IS NOT NULL GROUP BY a HAVING bool_or(n) ORDER BY a
            ),
            events AS (
                SELECT c.n, c.a, c.v, c.t, c.id FROM candidates AS c WHERE c.n OR c.a IN (SELECT a FROM touched)
                UNION ALL
                SELECT false, previous.* FROM touched CROSS JOIN LATERAL (
                    SELECT e.\(aggregate), e.\(version), e.\(timestamp), e.\(id) FROM \(catalog.quotedTable) AS e
                    WHERE e.\(aggregate) = touched.a AND \(previousMatch)
                    ORDER BY e.\(version) DESC LIMIT 1
                ) AS previous
            ),
            compared AS (
                SELECT u.n, u.a, u.v, u.t, u.id,
                       lag(u.a) OVER w AS prev_a, lag(u.v) OVER w AS prev_v, lag(u.t) OVER w AS prev_t, lag(u.id) OVER w AS prev_id,
                       lead(true, 1, false) OVER w AS more, count(*) FILTER (WHERE u.n) OVER w AS events, dense_rank() OVER w AS aggregates
                FROM (SELECT * FROM events ORDER BY a, v, n) AS u
                WINDOW w AS (ORDER BY u.a)
            )
            SELECT a::text, id::text, v::text, prev_v::text, prev_id::text,
                   \(anomalies.columns),
                   NOT more, events, aggregates,
                   checkpoint.settled::text, checkpoint.checked_through::text, checkpoint.snapshot
            FROM compared, checkpoint
            WHERE \(anomalies.any)
               OR NOT more
            """
    }

    /// Where (aggregate, version) is unique, each new event is compared with its predecessor
    /// found in the index, new or old: first by equality on the version before it (the usual
    /// case, a point lookup), else by the nearest lower version, in aggregate order so that
    /// neighbouring probes share index pages. No sort and no window over the new events and their
    /// predecessors. The probes read no event id (a covering (aggregate, version) INCLUDE
    /// (timestamp) index then answers them alone); the predecessor's id is looked up for the
    /// reported rows only. The totals row always comes, last.
    private static func probingEachNewEvent(table: EventStoreTable, catalog: EventStoreCatalog) throws(PostgresError) -> String {
        let (aggregate, version, timestamp, id) = try table.quotedColumns()
        let anomalies = AnomalyPredicates(catalog: catalog, firstVersion: table.firstVersion)
        let columns = "e.\(aggregate) AS a, e.\(version) AS v, e.\(timestamp) AS t"
        let noFlags = Array(repeating: "false", count: 7).joined(separator: ", ")
        return """
            ,
            compared AS (
                SELECT f.a, f.v, f.t, f.id,
                       CASE WHEN just.v IS NULL THEN before.a ELSE just.a END AS prev_a,
                       CASE WHEN just.v IS NULL THEN before.v ELSE just.v END AS prev_v,
                       CASE WHEN just.v IS NULL THEN before.t ELSE just.t END AS prev_t
                FROM (SELECT a, v, t, id FROM candidates WHERE n ORDER BY a) AS f
                LEFT JOIN LATERAL (
                    -- LIMIT keeps it a probe per event: flattened into a join, the planner hashes the whole table.
                    SELECT \(columns) FROM \(catalog.quotedTable) AS e WHERE e.\(aggregate) = f.a AND e.\(version) = f.v - 1 LIMIT 1
                ) AS just ON true
                LEFT JOIN LATERAL (
                    SELECT \(columns) FROM \(catalog.quotedTable) AS e
                    WHERE just.v IS NULL AND e.\(aggregate) = f.a AND e.\(version) < f.v
                    ORDER BY e.\(version) DESC LIMIT 1
                ) AS before ON true
            )
            SELECT * FROM (
                SELECT a::text, id::text, v::text, prev_v::text,
                       (SELECT e.\(id) FROM \(catalog.quotedTable) AS e WHERE e.\(aggregate) = prev_a AND e.\(version) = prev_v LIMIT 1)::text,
                       \(anomalies.columns),
                       false, NULL::bigint, NULL::bigint, NULL::text, NULL::text, NULL::text
                FROM compared
                WHERE \(anomalies.any)
            ) AS found
            UNION ALL
            SELECT '', NULL, NULL, NULL, NULL, \(noFlags),
                   true, (SELECT count(*) FROM candidates WHERE n), (SELECT count(*) FROM (SELECT DISTINCT a FROM candidates WHERE n) AS touched),
                   checkpoint.settled::text, checkpoint.checked_through::text, checkpoint.snapshot
            FROM checkpoint
            """
    }
}
