/// What an incremental run needs from the catalog beyond `EventStoreCatalog`: a readable
/// integer position column, and a btree index led by (aggregate, version) so each touched
/// aggregate's previous event is one index probe (without it every probe would scan the table).
struct EventStorePositionCatalog: Equatable {
    /// The index the previous-event lookups walk.
    var lookupIndex: String

    static func read(_ table: EventStoreTable, positionColumn: String, catalog: EventStoreCatalog,
                     on connection: PostgresConnection, deadline: ContinuousClock.Instant) throws(PostgresError) -> EventStorePositionCatalog {
        let relation = try SQLQuoting.literal(catalog.quotedTable)
        let described = try connection.query("""
            SELECT b.typname, format_type(a.atttypid, a.atttypmod), has_column_privilege(a.attrelid, a.attnum, 'SELECT')
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
            WHERE a.attrelid = \(relation)::regclass AND a.attname = \(try SQLQuoting.literal(positionColumn))
              AND a.attnum > 0 AND NOT a.attisdropped
            """, deadline: deadline).rows
        guard let row = described.first else {
            throw PostgresError("table \(catalog.tableName) has no column \"\(positionColumn)\"")
        }
        if row[2] != "t" { throw PostgresError("permission denied to read column \(catalog.tableName).\(positionColumn)") }
        guard ["int2", "int4", "int8"].contains(row[0]) else {
            throw PostgresError("column \(catalog.tableName).\(positionColumn) is \(row[1] ?? "?"), not an integer type")
        }

        let index = try connection.query("""
            SELECT ic.relname FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
            JOIN pg_attribute ag ON ag.attrelid = i.indrelid AND ag.attname = \(try SQLQuoting.literal(table.aggregateColumn))
            JOIN pg_attribute ve ON ve.attrelid = i.indrelid AND ve.attname = \(try SQLQuoting.literal(table.versionColumn))
            WHERE i.indrelid = \(relation)::regclass AND i.indisvalid AND i.indpred IS NULL AND am.amname = 'btree'
              AND i.indnkeyatts >= 2 AND i.indkey[0] = ag.attnum AND i.indkey[1] = ve.attnum
            ORDER BY i.indisunique DESC, ic.relname LIMIT 1
            """, deadline: deadline).rows
        guard let name = index.first?[0] ?? nil else {
            throw PostgresError("""
                incremental checks of \(catalog.tableName) need a btree index on (\(table.aggregateColumn), \(table.versionColumn)) \
                to find each aggregate's previous event; there is none
                """)
        }
        return EventStorePositionCatalog(lookupIndex: name)
    }
}
