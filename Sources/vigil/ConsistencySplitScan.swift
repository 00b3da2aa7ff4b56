import VigilConfig
import VigilCore
import VigilPostgres
import VigilProbes

/// `vigil consistency --sessions 2`: the full scan split by aggregate range over two connections
/// that share one snapshot, so the window pass that dominates it runs on two cores.
enum ConsistencySplitScan {
    static func scan(_ settings: EventStoreCheckSettings, database: DatabaseSettings,
                     deadline: ContinuousClock.Instant) throws(PostgresError) -> ConsistencyReport {
        let first = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
        let second = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
        return try EventStoreScan.full(EventStoreProbe.table(for: settings), on: first, and: second,
                                       maxIssues: settings.maxIssues, deadline: deadline)
    }
}
