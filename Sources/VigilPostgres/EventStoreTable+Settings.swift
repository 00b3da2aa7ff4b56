import VigilCore

extension EventStoreTable {
    /// The table an `event_store` check scans, for anything that scans it outside the check
    /// (a backup's restore check, `vigil consistency`).
    public init(_ settings: EventStoreCheckSettings) {
        let (schema, table) = settings.schemaAndTable
        self.init(schema: schema, table: table, aggregateColumn: settings.aggregateColumn, versionColumn: settings.versionColumn,
                  timestampColumn: settings.timestampColumn, idColumn: settings.idColumn, firstVersion: settings.firstVersion)
    }
}
