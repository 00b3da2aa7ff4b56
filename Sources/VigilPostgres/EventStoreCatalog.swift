import VigilCore

/// What the catalog says about an event-store table before it is scanned: its exact name, and
/// which anomalies its constraints already rule out (so the scan need not look for them).
/// Reads `pg_class`, `pg_attribute` and `pg_index` only; it checks the columns exist, have
/// usable types and may be read, so a bad configuration fails here with the table and column named.
struct EventStoreCatalog: Equatable {
    /// `"schema"."table"`, quoted from the catalog's own spelling.
    var quotedTable: String
    /// `schema.table` for messages.
    var tableName: String
    var aggregateIsNotNull: Bool
    var versionIsNotNull: Bool
    var timestampIsNotNull: Bool
    /// A valid unique index on (aggregate, version) or a subset of it: no duplicate can exist.
    var uniqueVersionIndex: String?
    /// A valid B-tree index whose keys begin with (aggregate, version) and which holds the
    /// timestamp too (and the event id, unless (aggregate, version) names one event): the full
    /// scan can read it alone, in order.
    var coveringIndex: String?

    /// A unique index on (aggregate, version), or a part of it, with both columns NOT NULL: a
    /// lookup by (aggregate, version) finds exactly one event.
    var versionNamesOneEvent: Bool {
        uniqueVersionIndex != nil && aggregateIsNotNull && versionIsNotNull
    }

    static func read(_ table: EventStoreTable, on connection: PostgresConnection, deadline: ContinuousClock.Instant) throws(PostgresError) -> EventStoreCatalog {
        var wanted = try SQLQuoting.identifier(table.table)
        if let schema = table.schema { wanted = try SQLQuoting.identifier(schema) + "." + wanted }
        let relation = try connection.query("""
            SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = to_regclass(\(try SQLQuoting.literal(wanted)))
            """, deadline: deadline).rows
        guard let row = relation.first, let oidText = row[0], let oid = UInt32(oidText),
              let schemaName = row[1], let tableName = row[2], let kind = row[3] else {
            throw PostgresError("table \(table.displayName) does not exist")
        }
        let name = "\(schemaName).\(tableName)"
        guard ["r", "p", "v", "m", "f"].contains(kind) else { throw PostgresError("\(name) is not a table or view") }

        let columns = [table.aggregateColumn, table.versionColumn, table.timestampColumn, table.idColumn]
        let values = try columns.enumerated().map { (position, column) throws(PostgresError) in
            "(\(position), \(try SQLQuoting.literal(column)))"
        }.joined(separator: ", ")
        let described = try connection.query("""
            SELECT a.attnum, a.attnotnull, b.typname, b.typcategory, format_type(a.atttypid, a.atttypmod),
                   has_column_privilege(\(oid)::oid, a.attnum, 'SELECT')
            FROM (VALUES \(values)) AS wanted(position, name)
            LEFT JOIN pg_attribute a ON a.attrelid = \(oid)::oid AND a.attname = wanted.name AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
            ORDER BY wanted.position
            """, deadline: deadline).rows
        guard described.count == columns.count else { throw PostgresError("\(name): the catalog did not describe its columns") }

        var attributeNumbers: [String] = []
        for (column, row) in zip(columns, described) {
            guard let number = row[0] else { throw PostgresError("table \(name) has no column \"\(column)\"") }
            attributeNumbers.append(number)
            if row[5] != "t" { throw PostgresError("permission denied to read column \(name).\(column)") }
        }
        let integers: Set<String?> = ["int2", "int4", "int8"]
        if !integers.contains(described[1][2]) {
            throw PostgresError("column \(name).\(table.versionColumn) is \(described[1][4] ?? "?"), not an integer type")
        }
        if !integers.contains(described[2][2]) && described[2][3] != "D" {
            throw PostgresError("column \(name).\(table.timestampColumn) is \(described[2][4] ?? "?"), not a timestamp, date or integer type")
        }

        let unique = try connection.query("""
            SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid = \(oid)::oid AND i.indisunique AND i.indisvalid AND i.indpred IS NULL
              AND (i.indkey::int2[])[0:i.indnkeyatts - 1] <@ ARRAY[\(attributeNumbers[0]), \(attributeNumbers[1])]::int2[]
            ORDER BY ic.relname LIMIT 1
            """, deadline: deadline).rows

        var catalog = EventStoreCatalog(
            quotedTable: try SQLQuoting.identifier(schemaName) + "." + SQLQuoting.identifier(tableName),
            tableName: name,
            aggregateIsNotNull: described[0][1] == "t",
            versionIsNotNull: described[1][1] == "t",
            timestampIsNotNull: described[2][1] == "t",
            uniqueVersionIndex: unique.first?[0] ?? nil)
        let held = catalog.versionNamesOneEvent ? attributeNumbers[2] : "\(attributeNumbers[2]), \(attributeNumbers[3])"
        catalog.coveringIndex = try connection.query("""
            SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
            WHERE i.indrelid = \(oid)::oid AND am.amname = 'btree' AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
              AND i.indnkeyatts >= 2 AND i.indkey[0] = \(attributeNumbers[0]) AND i.indkey[1] = \(attributeNumbers[1])
              AND ARRAY[\(held)]::int2[] <@ i.indkey::int2[]
            ORDER BY pg_relation_size(ic.oid), ic.relname LIMIT 1
            """, deadline: deadline).rows.first?[0] ?? nil
        return catalog
    }

    /// The kinds the constraints rule out, with why, as the report lists them.
    func ruledOut(_ table: EventStoreTable) -> [String: String] {
        var reasons: [String: String] = [:]
        if let uniqueVersionIndex { reasons[ConsistencyAnomaly.Kind.duplicateVersion.rawValue] = "unique index \(uniqueVersionIndex)" }
        if aggregateIsNotNull && versionIsNotNull && timestampIsNotNull {
            reasons[ConsistencyAnomaly.Kind.nullField.rawValue] =
                "\(table.aggregateColumn), \(table.versionColumn) and \(table.timestampColumn) are NOT NULL"
        }
        return reasons
    }
}
