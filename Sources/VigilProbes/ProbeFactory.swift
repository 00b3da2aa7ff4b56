import VigilCore

/// Builds the probe for each configured check kind.
public struct ProbeFactory: Sendable {
    let databases: [String: DatabaseSettings]

    public init(configuration: VigilConfiguration) {
        databases = configuration.databases
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
        case .eventStore(let settings):
            let database = databases[settings.database] ?? DatabaseSettings(name: settings.database, conninfo: "")
            return EventStoreProbe(database: database, settings: settings)
        }
    }
}
