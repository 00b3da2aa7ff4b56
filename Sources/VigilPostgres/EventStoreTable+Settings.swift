import VigilCore

extension EventStoreTable {
    /// The table an `event_store` check names, with its columns: one translation for the probe,
    /// `vigil consistency` and the restore's validation.
    public init(_ settings: EventStoreCheckSettings) {
        let (schema, table) = settings.schemaAndTable
        self.init(schema: schema, table: table, aggregateColumn: settings.aggregateColumn,
                  versionColumn: settings.versionColumn, timestampColumn: settings.timestampColumn,
                  idColumn: settings.idColumn, firstVersion: settings.firstVersion)
    }
}
