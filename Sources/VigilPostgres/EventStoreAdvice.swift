/// What `vigil consistency --advise` prints: the index that lets the full scan read its columns in
/// (aggregate, version) order from an index alone instead of sorting the heap's rows, and why,
/// from the catalog, the table's sizes and the scan's plan (EXPLAIN without ANALYZE: the scan
/// never runs). Nothing is created or changed: the DDL is for the operator to run.
public struct EventStoreAdvice: Sendable, Equatable, Codable {
    /// The statements to run (a `CREATE INDEX CONCURRENTLY`, then the VACUUM an index-only scan
    /// needs), or nil when the table already has such an index or cannot have one.
    public var ddl: String?
    /// What the scan's plan does now and what the index changes, with the figures measured here.
    public var reason: String
    /// The index that already serves the scan, or that would and the planner does not use yet.
    public var existingIndex: String?
    /// The scan's plan as `EXPLAIN` prints it now, one line per element.
    public var plan: [String]

    public init(ddl: String?, reason: String, existingIndex: String?, plan: [String]) {
        self.ddl = ddl
        self.reason = reason
        self.existingIndex = existingIndex
        self.plan = plan
    }

    /// Vigil's full scan of the benchmark's 10M-event store (docs/benchmarks.md, "With the
    /// advised index"), with the usual indexes and with the advised one.
    static let measured = "measured on the benchmark store of 10M events: 9.8 s → 6.4 s, and 4.5 s split over two sessions (--sessions 2); count(*) 0.34-0.44 s"

    /// Reads the catalog, the sizes and the plan in a READ ONLY transaction, then rolls it back.
    /// Throws for what the scan would throw for (a missing table or column, no privilege), naming it.
    public static func advise(_ table: EventStoreTable, on connection: PostgresConnection,
                              deadline: ContinuousClock.Instant) throws(PostgresError) -> EventStoreAdvice {
        do throws(PostgresError) {
            _ = try connection.query("BEGIN READ ONLY; \(try EventStoreScan.statementTimeout(until: deadline))", deadline: deadline)
            let catalog = try EventStoreCatalog.read(table, on: connection, deadline: deadline)
            let query = try EventStoreScanQuery(table: table, catalog: catalog)
            let facts = try TableFacts.read(table, catalog: catalog, includesID: !query.looksUpEventIDs, on: connection, deadline: deadline)
            let lines = try connection.query("\(query.plannerSettings); EXPLAIN \(query.sql)", deadline: deadline)
                .rows.compactMap { $0.first ?? nil }
            _ = try connection.query("ROLLBACK", deadline: deadline)
            return try advice(table, catalog: catalog, facts: facts, plan: ScanPlan(lines))
        } catch {
            _ = try? connection.query("ROLLBACK", deadline: deadline)
            throw error
        }
    }

    private static func advice(_ table: EventStoreTable, catalog: EventStoreCatalog, facts: TableFacts,
                               plan: ScanPlan) throws(PostgresError) -> EventStoreAdvice {
        let order = "(\(table.aggregateColumn), \(table.versionColumn))"
        let now = plan.describe(order: order, facts: facts)
        let vacuum = "VACUUM (ANALYZE) \(catalog.quotedTable)"
        let visibility = facts.allVisibleShare < 0.95
            ? " Only \(Int((facts.allVisibleShare * 100).rounded(.down))) % of its heap pages are marked all-visible, so an index-only scan"
                + " still visits the heap for the rest: run `\(vacuum)` (autovacuum keeps it so afterwards)."
            : ""

        if let index = plan.indexOnlyScan, !plan.sorts {
            return EventStoreAdvice(ddl: nil, reason: "\(catalog.tableName) already has such an index: the full scan \(now).\(visibility)",
                                    existingIndex: index, plan: plan.lines)
        }
        if let index = facts.coveringIndex {
            return EventStoreAdvice(
                ddl: nil,
                reason: "\(catalog.tableName) already has such an index, \(index.name) (\(mebibytes(index.bytes))),"
                    + " but the planner does not use it: the full scan \(now).\(visibility.isEmpty ? " Its statistics may be stale: run `\(vacuum)`." : visibility)",
                existingIndex: index.name, plan: plan.lines)
        }
        guard ["r", "p", "m"].contains(facts.kind) else {
            return EventStoreAdvice(ddl: nil, reason: "\(catalog.tableName) is a view or foreign table, which has no indexes:"
                                        + " the advice applies to the table it reads. The full scan \(now).",
                                    existingIndex: nil, plan: plan.lines)
        }

        let (aggregate, version, timestamp, id) = try table.quotedColumns()
        let included = facts.includesID ? "\(timestamp), \(id)" : timestamp
        let name = try SQLQuoting.identifier(facts.freeIndexName)
        // CONCURRENTLY keeps writes going while it builds; PostgreSQL 15 cannot build a
        // partitioned table's index that way in one statement.
        let create = facts.kind == "p"
            ? "-- A partitioned table: this blocks writes while it builds (CONCURRENTLY works one partition at a time).\nCREATE INDEX"
            : "CREATE INDEX CONCURRENTLY"
        let ddl = """
            \(create) \(name) ON \(catalog.quotedTable) (\(aggregate), \(version)) INCLUDE (\(included));
            -- An index-only scan skips the heap only for pages the visibility map marks all-visible: VACUUM sets it.
            \(vacuum);
            """
        let columns = facts.includesID
            ? "\(table.aggregateColumn), \(table.versionColumn), \(table.timestampColumn) and \(table.idColumn)"
                + " (the event id too: without a unique (aggregate, version) on NOT NULL columns it cannot be looked up afterwards)"
            : "\(table.aggregateColumn), \(table.versionColumn) and \(table.timestampColumn)"
        let reason = "Now the full scan \(now). With this index it is an index-only scan of about"
            + " \(mebibytes(facts.estimatedIndexBytes)) in \(order) order, with no sort: the index holds \(columns),"
            + " all the pass reads (\(measured)). It costs that much disk and a little on every insert."
        return EventStoreAdvice(ddl: ddl, reason: reason, existingIndex: nil, plan: plan.lines)
    }

    /// `1 998 MiB`, or `0.4 MiB` below ten.
    static func mebibytes(_ bytes: Double) -> String {
        let value = bytes / 1_048_576
        if value < 10 { return "\(Double(Int((value * 10).rounded())) / 10) MiB" }
        return "\(grouped(Int(value.rounded()))) MiB"
    }

    /// 10000000 as `10 000 000`.
    static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(" ", at: index)
            index -= 3
        }
        return String(digits)
    }
}

/// The scan's plan as EXPLAIN prints it, reduced to what the advice says: whether the pass (the
/// `found` CTE) sorts, and what it reads. The totals and the lookups of event ids (SubPlans) are
/// left out: the one reads the index the pass reads, the other runs per returned row.
struct ScanPlan: Equatable {
    let lines: [String]
    private(set) var sorts = false
    /// The index an Index Only Scan reads, if the pass has one.
    private(set) var indexOnlyScan: String?
    private(set) var readsWholeHeap = false
    /// The index a (Bitmap) Index Scan walks, fetching heap rows.
    private(set) var indexScan: String?

    init(_ lines: [String]) {
        self.lines = lines
        let passStart = lines.firstIndex { $0.drop { $0 == " " } == "CTE found" }
        let passIndent = passStart.map { lines[$0].prefix { $0 == " " }.count }
        var subPlanIndent: Int?
        for line in lines[((passStart ?? -1) + 1)...] {
            let indent = line.prefix { $0 == " " }.count
            let text = line.dropFirst(indent)
            if let passIndent, indent <= passIndent { break }
            if let open = subPlanIndent, indent > open { continue }
            subPlanIndent = nil
            if text.hasPrefix("SubPlan ") || text.hasPrefix("InitPlan ") {
                subPlanIndent = indent
                continue
            }
            guard let cost = text.firstRange(of: "  (cost=") else { continue }
            var node = text[..<cost.lowerBound]
            if node.hasPrefix("->  ") { node = node.dropFirst(4) }
            if node.hasPrefix("Parallel ") { node = node.dropFirst(9) }
            if node == "Sort" || node == "Incremental Sort" { sorts = true }
            if node.hasPrefix("Seq Scan on ") { readsWholeHeap = true }
            if node.hasPrefix("Index Only Scan using ") {
                indexOnlyScan = indexOnlyScan ?? Self.indexName(node.dropFirst("Index Only Scan using ".count))
            } else if node.hasPrefix("Index Scan using ") {
                indexScan = indexScan ?? Self.indexName(node.dropFirst("Index Scan using ".count))
            } else if node.hasPrefix("Bitmap Index Scan on ") {
                indexScan = indexScan ?? String(node.dropFirst("Bitmap Index Scan on ".count))
            }
        }
    }

    /// `events_covering` from `events_covering on events e`.
    private static func indexName(_ text: Substring) -> String {
        String(text.firstRange(of: " on ").map { text[..<$0.lowerBound] } ?? text)
    }

    /// What the pass does, after "the full scan …".
    func describe(order: String, facts: TableFacts) -> String {
        let rows = facts.estimatedRows.map { "about \(EventStoreAdvice.grouped(Int($0))) rows" } ?? "all its rows"
        let reads: String
        if let indexOnlyScan {
            reads = "is an index-only scan of \(indexOnlyScan)"
        } else if readsWholeHeap {
            reads = "reads the whole \(EventStoreAdvice.mebibytes(facts.heapBytes)) heap"
        } else if let indexScan {
            reads = "walks \(indexScan) with a heap fetch per row of the \(EventStoreAdvice.mebibytes(facts.heapBytes)) heap"
        } else {
            reads = "reads the \(EventStoreAdvice.mebibytes(facts.heapBytes)) table"
        }
        return sorts ? "\(reads) and sorts \(rows) by \(order)" : "\(reads) in \(order) order, with no sort"
    }
}

/// The catalog's facts the advice needs beyond `EventStoreCatalog`: sizes, the visibility map's
/// coverage, the columns' widths (to size the index before it exists), and any index already
/// holding every column the pass reads.
struct TableFacts {
    var kind: String
    var heapBytes: Double
    /// nil before the first ANALYZE or VACUUM.
    var estimatedRows: Double?
    var allVisibleShare: Double
    var includesID: Bool
    var estimatedIndexBytes: Double
    var coveringIndex: (name: String, bytes: Double)?
    /// `<table>_<aggregate>_<version>_covering` (at most 63 bytes), or with `_2`… if that name is taken.
    var freeIndexName: String

    static func read(_ table: EventStoreTable, catalog: EventStoreCatalog, includesID: Bool, on connection: PostgresConnection,
                     deadline: ContinuousClock.Instant) throws(PostgresError) -> TableFacts {
        let relation = try SQLQuoting.literal(catalog.quotedTable)
        guard let row = try connection.query("""
            SELECT c.relkind, pg_relation_size(c.oid), c.reltuples, c.relpages, c.relallvisible, c.relnamespace, c.relname, n.nspname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(\(relation))
            """, deadline: deadline).rows.first,
            let kind = row[0], let heap = row[1].flatMap(Double.init), let tuples = row[2].flatMap(Double.init),
            let pages = row[3].flatMap(Double.init), let allVisible = row[4].flatMap(Double.init),
            let namespace = row[5], let relationName = row[6], let schemaName = row[7] else {
            throw PostgresError("table \(catalog.tableName) disappeared while it was read")
        }

        var wanted = [table.aggregateColumn, table.versionColumn, table.timestampColumn]
        if includesID { wanted.append(table.idColumn) }
        let names = try wanted.map { (name) throws(PostgresError) in try SQLQuoting.literal(name) }.joined(separator: ", ")
        // Fixed-length types by their length; variable ones by their average stored width (or 32 bytes unknown).
        let widths = try connection.query("""
            SELECT t.typlen, t.typalign, s.avg_width
            FROM unnest(ARRAY[\(names)]) WITH ORDINALITY AS w(name, n)
            JOIN pg_attribute a ON a.attrelid = to_regclass(\(relation)) AND a.attname = w.name
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_stats s ON s.schemaname = \(try SQLQuoting.literal(schemaName))
                 AND s.tablename = \(try SQLQuoting.literal(relationName)) AND s.attname = w.name
            ORDER BY w.n
            """, deadline: deadline).rows.map { row -> IndexSizeEstimate.Column in
                let length = row[0].flatMap(Int.init) ?? -1
                let alignment = ["c": 1, "s": 2, "i": 4, "d": 8][row[1] ?? "i"] ?? 4
                return IndexSizeEstimate.Column(length: length > 0 ? length : (row[2].flatMap(Int.init) ?? 32), alignment: alignment)
            }

        var covering: (name: String, bytes: Double)?
        if let index = catalog.coveringIndex {
            let qualified = try SQLQuoting.literal(try SQLQuoting.identifier(schemaName) + "." + SQLQuoting.identifier(index))
            let bytes = try connection.query("SELECT pg_relation_size(to_regclass(\(qualified)))", deadline: deadline).rows.first?[0] ?? nil
            covering = (index, bytes.flatMap(Double.init) ?? 0)
        }

        let base = IndexSizeEstimate.truncated("\(relationName)_\(table.aggregateColumn)_\(table.versionColumn)_covering")
        let candidates = [base] + (2...9).map { IndexSizeEstimate.truncated(base, suffix: "_\($0)") }
        let taken = Set(try connection.query("""
            SELECT relname FROM pg_class WHERE relnamespace = \(namespace)::oid
              AND relname = ANY(ARRAY[\(try candidates.map { (name) throws(PostgresError) in try SQLQuoting.literal(name) }.joined(separator: ", "))])
            """, deadline: deadline).rows.compactMap { $0.first ?? nil })

        let rows = tuples >= 0 ? tuples : nil
        return TableFacts(
            kind: kind, heapBytes: heap, estimatedRows: rows,
            allVisibleShare: pages > 0 ? min(allVisible / pages, 1) : 1,
            includesID: includesID,
            estimatedIndexBytes: IndexSizeEstimate.bytes(rows: rows ?? 0, columns: widths),
            coveringIndex: covering,
            freeIndexName: candidates.first { !taken.contains($0) } ?? candidates[candidates.count - 1])
    }
}

/// The size of a B-tree index before it exists, from its rows and its columns' widths: leaf
/// tuples of an 8-byte header plus the aligned columns, a 4-byte line pointer each, pages of 8 KiB
/// filled to 90 % as CREATE INDEX leaves them, and 1 % more for the inner pages.
enum IndexSizeEstimate {
    struct Column: Equatable {
        var length: Int
        var alignment: Int
    }

    static func bytes(rows: Double, columns: [Column]) -> Double {
        func aligned(_ offset: Int, _ alignment: Int) -> Int { (offset + alignment - 1) / alignment * alignment }
        var offset = 8
        for column in columns { offset = aligned(offset, column.alignment) + column.length }
        let tuple = aligned(offset, 8) + 4
        let perPage = max((8192 - 24 - 16) * 9 / 10 / tuple, 1)
        let leafPages = (rows / Double(perPage)).rounded(.up)
        return (leafPages * 1.01 + 1) * 8192
    }

    /// A name PostgreSQL keeps as written: at most 63 bytes, cut at a character boundary.
    static func truncated(_ name: String, suffix: String = "") -> String {
        var kept = ""
        for character in name {
            guard kept.utf8.count + character.utf8.count + suffix.utf8.count <= 63 else { break }
            kept.append(character)
        }
        return kept + suffix
    }
}
