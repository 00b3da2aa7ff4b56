/// The one statement of a full consistency scan: it reads the narrow columns once, sorts
/// them by (aggregate, version), compares each event with the one before it, and returns only
/// the events with an anomaly, then one last row carrying the totals.
///
/// One window (`ORDER BY aggregate`) over input already sorted by (aggregate, version) keeps it
/// to a single WindowAgg: within an aggregate's peers the rows arrive in the sort's order, so
/// `lag` is the previous version, and `dense_rank` counts aggregates with no second window (a
/// second one, or `PARTITION BY`, measured 40 % slower on 1M events).
///
/// Where (aggregate, version) names exactly one event (a unique index on it and both columns
/// NOT NULL), the pass leaves the event id out and looks it up by (aggregate, version) for the
/// rows it returns only: the pass then needs nothing but the aggregate, version and timestamp,
/// so an index holding those three (`EventStoreAdvice`'s) serves it as an index-only scan in
/// (aggregate, version) order, with no sort. Elsewhere the id is carried through the pass.
/// With such an index the totals come from a GroupAggregate over an index in aggregate order,
/// appended after the anomalies, and the window runs the three `lag`s alone.
struct EventStoreScanQuery {
    /// Output columns, in order.
    enum Column: Int, CaseIterable {
        case aggregate, eventID, version, previousVersion, previousEventID
        case nullAggregate, nullVersion, nullTimestamp, first, gap, duplicate, disorder
        case isLast, events, aggregates
    }

    /// What the scan's transaction sets before the statement (`SET LOCAL`). Without a covering
    /// index an index walk fetches the heap once per row at random, and reading the narrow
    /// columns and sorting them is several times faster; but `enable_indexscan = off` rules out
    /// index-only scans too, so with a covering index it stays on.
    let plannerSettings: String

    let sql: String
    /// True when the event ids are looked up for the returned rows instead of carried through the pass.
    let looksUpEventIDs: Bool

    /// The aggregates one session of a split scan reads: from `from` (inclusive) below `below`,
    /// each a typed SQL value; open at either end. NULL aggregates sort last and go to the last range.
    struct AggregateRange: Equatable {
        var from: String?
        var below: String?
    }

    init(table: EventStoreTable, catalog: EventStoreCatalog, range: AggregateRange = AggregateRange()) throws(PostgresError) {
        let (aggregate, version, timestamp, id) = try table.quotedColumns()
        // What the catalog rules out is not looked for.
        let anomalies = AnomalyPredicates(catalog: catalog, firstVersion: table.firstVersion)
        looksUpEventIDs = catalog.versionNamesOneEvent
        plannerSettings = "SET LOCAL enable_indexscan = \(catalog.coveringIndex == nil ? "off" : "on")"

        let pass: (id: String, lagID: String) = looksUpEventIDs ? ("", "") : (", \(id) AS id", ", e.id, lag(e.id) OVER w AS prev_id")
        let rows = "FROM \(catalog.quotedTable)\(Self.condition(range, aggregate: aggregate))"
        // With an index in (aggregate, …) order the totals come cheaper from a GroupAggregate over
        // it, after the anomalies, than from three more window functions over every row.
        let totalsApart = catalog.coveringIndex != nil
        let (totalsColumns, totalsFunctions, lastRow) = totalsApart
            ? ("false AS last, NULL::bigint AS events, NULL::bigint AS aggregates", "", "")
            : ("NOT more AS last, events, aggregates",
               ",\n           lead(true, 1, false) OVER w AS more, row_number() OVER w AS events, dense_rank() OVER w AS aggregates",
               "\n   OR NOT more")
        let compared = """
            SELECT a, v, prev_v\(looksUpEventIDs ? "" : ", id, prev_id"),
                   \(anomalies.columns),
                   \(totalsColumns)
            FROM (
                SELECT e.a, e.v, e.t\(pass.lagID),
                       lag(e.a) OVER w AS prev_a, lag(e.v) OVER w AS prev_v, lag(e.t) OVER w AS prev_t\(totalsFunctions)
                FROM (SELECT \(aggregate) AS a, \(version) AS v, \(timestamp) AS t\(pass.id)
                      \(rows) ORDER BY 1, 2) AS e
                WINDOW w AS (ORDER BY e.a)
            ) AS compared
            WHERE \(anomalies.any)\(lastRow)
            """
        // f0…f9: the seven anomaly flags (`Column.nullAggregate` … `.disorder`), then last, events, aggregates.
        let flags = (0..<10).map { "f\($0)" }.joined(separator: ", ")
        // CTEs keep the anomalies ahead of the totals row: their scans are never run in parallel.
        let totals = totalsApart ? """
            ,
            totals AS MATERIALIZED (
                SELECT coalesce(sum(g.n), 0)::bigint AS events, count(*) FILTER (WHERE g.a IS NOT NULL) AS aggregates
                FROM (SELECT \(aggregate) AS a, count(*) AS n \(rows) GROUP BY 1) AS g
            )
            """ : ""
        let totalsRow = totalsApart ? """

            UNION ALL
            SELECT '', NULL, NULL, NULL, NULL, false, false, false, false, false, false, false, true, events, aggregates FROM totals
            """ : ""
        guard looksUpEventIDs else {
            sql = """
                WITH found(a, v, prev_v, id, prev_id, \(flags)) AS MATERIALIZED (
                \(compared)
                )\(totals)
                SELECT a::text, id::text, v::text, prev_v::text, prev_id::text, \(flags)
                FROM found\(totalsRow)
                """
            return
        }
        // Materialized, the pass is planned on its own: planned together, the lookups' cost
        // (estimated per row of a pass the planner thinks returns most rows) made it prefer a
        // sorted parallel scan over the index-only scan. The lookups run for the returned rows only.
        func lookup(_ versionValue: String) -> String {
            "(SELECT l.\(id) FROM \(catalog.quotedTable) AS l WHERE l.\(aggregate) = found.a AND l.\(version) = \(versionValue))::text"
        }
        sql = """
            WITH found(a, v, prev_v, \(flags)) AS MATERIALIZED (
            \(compared)
            )\(totals)
            SELECT a::text, \(lookup("found.v")), v::text, prev_v::text, CASE WHEN f6 THEN \(lookup("found.prev_v")) END, \(flags)
            FROM found\(totalsRow)
            """
    }

    private static func condition(_ range: AggregateRange, aggregate: String) -> String {
        switch (range.from, range.below) {
        case (nil, nil): ""
        case (nil, let below?): " WHERE \(aggregate) < \(below)"
        case (let from?, nil): " WHERE (\(aggregate) >= \(from) OR \(aggregate) IS NULL)"
        case (let from?, let below?): " WHERE \(aggregate) >= \(from) AND \(aggregate) < \(below)"
        }
    }
}
