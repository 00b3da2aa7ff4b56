import VigilCore
import VigilPostgres

/// Exact row counts (`count(*)`) of every ordinary table pg_dump dumps the data of: every schema
/// but the system ones, no temporary tables, no tables an extension owns. Run in one snapshot,
/// they are exactly what a dump taken in that snapshot holds.
enum TableRowCounts {
    /// The tables, quoted by the server itself (`format('%I')`), in name order.
    static let listing = """
        SELECT format('%I.%I', n.nspname, c.relname), n.nspname || '.' || c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND NOT EXISTS (SELECT FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 2
        """

    static func read(on connection: PostgresConnection, deadline: ContinuousClock.Instant) throws(PostgresError) -> [BackupManifest.TableRows] {
        let tables = try connection.query(listing, deadline: deadline).rows.compactMap { row -> (quoted: String, name: String)? in
            guard row.count == 2, let quoted = row[0], let name = row[1] else { return nil }
            return (quoted, name)
        }
        guard !tables.isEmpty else { return [] }
        // One statement, so every count is taken in the same snapshot even outside a transaction.
        let sql = tables.enumerated().map { "SELECT \($0.offset), count(*) FROM \($0.element.quoted)" }.joined(separator: " UNION ALL ")
        var counts: [Int: Int64] = [:]
        for row in try connection.query(sql, deadline: deadline).rows {
            guard row.count == 2, let index = row[0].flatMap({ Int($0) }), let rows = row[1].flatMap({ Int64($0) }) else {
                throw PostgresError("row counts: unexpected answer \(row)")
            }
            counts[index] = rows
        }
        return try tables.enumerated().map { (index, table) throws(PostgresError) in
            guard let rows = counts[index] else { throw PostgresError("row counts: no count for \(table.name)") }
            return BackupManifest.TableRows(table: table.name, rows: rows)
        }
    }
}
