import VigilCore

/// Builds the probe for each configured check kind.
public struct ProbeFactory: Sendable {
    let databases: [String: DatabaseSettings]
    /// Where `event_store` checks keep their progress; without it each of their runs is a full scan.
    let eventStoreProgress: (any EventStoreProgressStore)?
    /// Where probes with something to say beside their result (a new anomaly kind) say it.
    let journal: @Sendable (JournalEvent) -> Void

    public init(configuration: VigilConfiguration, eventStoreProgress: (any EventStoreProgressStore)? = nil,
                journal: @escaping @Sendable (JournalEvent) -> Void = { _ in }) {
        databases = configuration.databases
        self.eventStoreProgress = eventStoreProgress
        self.journal = journal
    }

    public func probe(for check: CheckDefinition) -> any Probe {
        switch check.kind {
        case .postgres(let settings):
            // Validation guarantees the database exists; an empty conninfo fails loudly if not.
            let database = databases[settings.database] ?? DatabaseSettings(name: settings.database, conninfo: "")
            return PostgresProbe(database: database, settings: settings)
        case .http(let settings):
            return HTTPProbe(settings: settings)
        case .command(let settings):
            return CommandProbe(settings: settings)
        case .disk(let path):
            return DiskProbe(path: path)
        case .memory:
            return MemoryProbe()
        case .systemdUnit(let unit):
            return SystemdUnitProbe(unit: unit)
        case .backupAge(let settings):
            return BackupAgeProbe(settings: settings)
        case .filePermissions(let settings):
            return FilePermissionsProbe(settings: settings)
        case .tls(let settings):
            return TLSProbe(settings: settings)
        case .auth(let settings):
            return AuthProbe(settings: settings)
        case .contract(let settings):
            return ContractProbe(settings: settings)
        case .load(let settings):
            return LoadProbe(settings: settings)
        case .eventStore(let settings):
            let database = databases[settings.database] ?? DatabaseSettings(name: settings.database, conninfo: "")
            return EventStoreProbe(check: check.name, database: database, settings: settings,
                                   progressStore: eventStoreProgress, journal: journal)
        case .sample(let sample):
            switch sample.measure {
            case let .sql(name, query):
                let database = databases[name] ?? DatabaseSettings(name: name, conninfo: "")
                return SQLSampleProbe(database: database, query: query, timeout: check.timeout)
            case .http(let settings):
                return HTTPProbe(settings: settings)
            case .unit(let unit):
                return UnitResourceProbe(unit: unit)
            case .process(let pidFile):
                return ProcessResourceProbe(pidFile: pidFile)
            }
        }
    }
}
