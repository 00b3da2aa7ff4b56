import VigilCore
import VigilPostgres

/// The source database held still for its dump: a REPEATABLE READ transaction that exports its
/// snapshot for `pg_dump --snapshot` and counts every table's rows in it, so the counts recorded
/// are exactly what the dump holds however much the platform writes meanwhile. The transaction
/// stays open until `release()` (pg_dump imports the snapshot only while it exists).
final class SourceSnapshot {
    let id: String
    let tables: [BackupManifest.TableRows]
    private let connection: PostgresConnection

    private init(id: String, tables: [BackupManifest.TableRows], connection: PostgresConnection) {
        self.id = id
        self.tables = tables
        self.connection = connection
    }

    static func take(_ database: DatabaseSettings, deadline: ContinuousClock.Instant) throws(BackupError) -> SourceSnapshot {
        do throws(PostgresError) {
            let connection = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
            // pg_dump imports the snapshot only while this transaction waits, idle, for it.
            _ = try connection.query("SET idle_in_transaction_session_timeout = 0", deadline: deadline)
            // The snapshot is taken by the first statement after BEGIN: the export itself.
            let exported = try connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot()",
                                                deadline: deadline).rows.first?.first ?? nil
            guard let id = exported else { throw PostgresError("pg_export_snapshot() returned nothing") }
            let tables = try TableRowCounts.read(on: connection, deadline: deadline)
            return SourceSnapshot(id: id, tables: tables, connection: connection)
        } catch {
            throw BackupError(step: "database \(database.name)", "cannot take a snapshot to dump: \(error.description)")
        }
    }

    /// Ends the transaction once pg_dump is done (closing the connection would end it too).
    func release(deadline: ContinuousClock.Instant) {
        _ = try? connection.query("COMMIT", deadline: deadline)
    }
}
