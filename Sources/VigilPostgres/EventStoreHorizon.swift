import VigilCore

/// The safe horizon of a run's snapshot, shared by the incremental run and the checkpoint a full
/// run leaves behind: events written by transactions at or above `horizon.h` may still be joined
/// by late events with lower positions, so the checkpoint cannot settle past the first of them.
/// `EventStoreIncrementalQuery` explains why the horizon is the lowest of the snapshot's xmin and
/// every other session's `backend_xmin`.
///
/// Wraparound: a row's 32-bit `xmin` becomes a 64-bit id by taking the one below the snapshot's
/// xmax with those low bits (a visible row committed before it); another session's
/// `backend_xmin` becomes the one nearest to it. An ancient frozen row whose raw xmin happens to
/// fall among the running ids only delays the checkpoint until they move on.
enum EventStoreHorizon {
    /// The `horizon` CTE: the snapshot `s`, its xmax as the 64-bit reference `ref`, and the horizon `h`.
    static let cte = """
        horizon AS MATERIALIZED (
            SELECT s, ref, least(pg_snapshot_xmin(s)::text::bigint,
                   (SELECT min(ref + (((backend_xmin::text::bigint - ref) + 2147483648) & 4294967295) - 2147483648)
                    FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
                      AND coalesce(backend_type, '') NOT IN ('autovacuum worker', 'walsender'))) AS h
            FROM (SELECT s, pg_snapshot_xmax(s)::text::bigint AS ref FROM (SELECT pg_current_snapshot() AS s) AS now) AS current
        )
        """

    /// The 64-bit id of the transaction that wrote row `alias` (which must be visible), given `horizon` in scope.
    static func transactionID(of alias: String) -> String {
        "horizon.ref - 4294967296 + ((\(alias).xmin::text::bigint - horizon.ref) & 4294967295)"
    }

    /// The checkpoint a full scan in the same snapshot leaves: settled below the first visible
    /// event of a transaction not older than the horizon, checked through the highest position,
    /// with the snapshot (the same three columns as `EventStoreIncrementalQuery.Extra`). One pass
    /// over the position and `xmin` only, plus an index probe of the position's key when the
    /// horizon cuts in.
    static func checkpointAfterFullScan(table quotedTable: String, positionColumn: String) throws(PostgresError) -> String {
        let position = try SQLQuoting.identifier(positionColumn)
        let none = "CAST('\(EventStoreCheckpoint.beginning.settledPosition)' AS bigint)"
        return """
            WITH \(cte),
            bounds AS (
                SELECT min(e.\(position)::bigint) FILTER (WHERE \(transactionID(of: "e")) >= horizon.h) AS first_unsettled,
                       max(e.\(position)::bigint) AS top
                FROM \(quotedTable) AS e, horizon
            )
            SELECT (CASE WHEN bounds.first_unsettled IS NULL THEN coalesce(bounds.top, \(none))
                         ELSE coalesce((SELECT max(e.\(position)::bigint) FROM \(quotedTable) AS e
                                        WHERE e.\(position) < bounds.first_unsettled), \(none)) END)::text,
                   coalesce(bounds.top, \(none))::text,
                   (SELECT s::text FROM horizon)
            FROM bounds
            """
    }
}
