/// Where an event store keeps its events and what its columns mean, exactly as the
/// configuration names them (names are matched exactly, never case-folded).
public struct EventStoreTable: Sendable, Equatable {
    /// `nil`: the table is found through the connection's `search_path`.
    public var schema: String?
    public var table: String
    public var aggregateColumn: String
    public var versionColumn: String
    public var timestampColumn: String
    public var idColumn: String
    /// The version every aggregate must start at.
    public var firstVersion: Int64

    public init(schema: String? = nil, table: String, aggregateColumn: String, versionColumn: String,
                timestampColumn: String, idColumn: String, firstVersion: Int64 = 1) {
        self.schema = schema
        self.table = table
        self.aggregateColumn = aggregateColumn
        self.versionColumn = versionColumn
        self.timestampColumn = timestampColumn
        self.idColumn = idColumn
        self.firstVersion = firstVersion
    }

    /// `schema.table` (or just `table`) as people write it, for messages.
    public var displayName: String {
        schema.map { "\($0).\(table)" } ?? table
    }
}

extension EventStoreTable {
    /// The four columns as SQL identifiers, quoted exactly as named.
    func quotedColumns() throws(PostgresError) -> (aggregate: String, version: String, timestamp: String, id: String) {
        (try SQLQuoting.identifier(aggregateColumn), try SQLQuoting.identifier(versionColumn),
         try SQLQuoting.identifier(timestampColumn), try SQLQuoting.identifier(idColumn))
    }
}
