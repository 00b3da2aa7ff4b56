import VigilConfig
import VigilCore
import VigilPostgres
import VigilProbes

/// `vigil consistency --full` (and checks without a position column): one full scan, in one
/// session or, with `--sessions 2`, split by aggregate range over two connections sharing one
/// snapshot, so the window pass that dominates it runs on two cores.
enum ConsistencyFullScan {
    static func scan(_ settings: EventStoreCheckSettings, database: DatabaseSettings, sessions: Int,
                     deadline: ContinuousClock.Instant) throws(PostgresError) -> ConsistencyReport {
        let table = EventStoreProbe.table(for: settings)
        let first = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
        guard sessions == 2 else {
            return try EventStoreScan.full(table, on: first, maxIssues: settings.maxIssues, deadline: deadline)
        }
        let second = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
        return try EventStoreScan.full(table, on: first, and: second, maxIssues: settings.maxIssues, deadline: deadline)
    }
}
