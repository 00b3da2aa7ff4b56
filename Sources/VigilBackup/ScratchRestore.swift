import FoundationEssentials
import Glibc
import VigilCore
import VigilPostgres

/// `verify = "restore"`: the dump restored into a scratch database on the source's server
/// (`vigil_verify_<UTC stamp>_<pid>`, created from template0 with the source's encoding and
/// locale), every table's row count compared with the counts taken in the dump's snapshot, and
/// each event store of the database checked for consistency. The scratch database is dropped
/// afterwards whatever happened; one left by a killed run is dropped by the next.
///
/// A store with anomalies fails verification: restoring that backup would bring them back.
struct ScratchRestore {
    static let prefix = "vigil_verify_"
    static let step = "verify restore"

    let database: DatabaseSettings
    let pgRestore: String
    let eventStores: [EventStoreCheckSettings]
    let deadline: ContinuousClock.Instant

    /// The steps that passed; throws naming the table or anomaly that did not.
    func verify(dump: String, expected: [BackupManifest.TableRows]) throws(BackupError) -> [String] {
        let admin = try connect(database.conninfo, what: "database \(database.name)")
        try requireCreateDatabase(on: admin)
        var steps = dropLeftovers(on: admin)
        let name = Self.prefix + CompactUTC.stamp(Date()).lowercased() + "_\(getpid())"
        try create(name, on: admin)
        let outcome: Result<[String], BackupError>
        do throws(BackupError) {
            outcome = .success(try restoreAndCheck(dump: dump, into: name, expected: expected))
        } catch {
            outcome = .failure(error)
        }
        let dropFailure = drop(name, on: admin)
        switch outcome {
        case .success(let checked):
            steps += checked
            if let dropFailure { steps.append("could not drop scratch database \(name): \(dropFailure) (the next restore check drops it)") }
            return steps
        case .failure(let error):
            throw error
        }
    }

    private func restoreAndCheck(dump: String, into name: String, expected: [BackupManifest.TableRows]) throws(BackupError) -> [String] {
        let conninfo: String
        do throws(PostgresError) {
            conninfo = try ConninfoDatabase.replacing(database.conninfo, database: name)
        } catch {
            throw BackupError(step: Self.step, error.description)
        }
        do throws(BackupError) {
            try DatabaseClient.run(DatabaseSettings(name: name, conninfo: conninfo), step: Self.step, deadline: deadline) { childConninfo in
                [pgRestore, "--exit-on-error", "--no-owner", "--no-privileges", "--no-password", "--dbname=\(childConninfo)", dump]
            }
        } catch {
            throw BackupError(step: Self.step, "restore into scratch database \(name) failed: \(error.reason)")
        }
        let scratch = try connect(conninfo, what: "scratch database \(name)")
        let restored: [BackupManifest.TableRows]
        do throws(PostgresError) {
            restored = try TableRowCounts.read(on: scratch, deadline: deadline)
        } catch {
            throw BackupError(step: Self.step, "cannot count the rows restored into \(name): \(error.description)")
        }
        let mismatches = Self.mismatches(expected: expected, restored: restored)
        guard mismatches.isEmpty else {
            throw BackupError(step: Self.step, "the restore into scratch database \(name) does not hold what was dumped: "
                              + mismatches.joined(separator: "; "))
        }
        let rows = restored.reduce(Int64(0)) { $0 + $1.rows }
        var steps = ["restore into scratch database \(name): \(restored.count) tables, \(rows) rows match"]
        steps += try checkEventStores(on: scratch, name: name)
        return steps
    }

    /// Every table whose count differs, is missing, or was not counted in the source, named.
    static func mismatches(expected: [BackupManifest.TableRows], restored: [BackupManifest.TableRows]) -> [String] {
        let restoredRows = Dictionary(restored.map { ($0.table, $0.rows) }, uniquingKeysWith: { first, _ in first })
        let expectedNames = Set(expected.map(\.table))
        var mismatches: [String] = []
        for table in expected {
            switch restoredRows[table.table] {
            case nil: mismatches.append("\(table.table): \(table.rows) rows dumped, table missing after the restore")
            case let rows? where rows != table.rows: mismatches.append("\(table.table): \(table.rows) rows dumped, \(rows) restored")
            default: break
            }
        }
        for table in restored where !expectedNames.contains(table.table) {
            mismatches.append("\(table.table): \(table.rows) rows restored, not in the source's counts")
        }
        return mismatches
    }

    private func checkEventStores(on scratch: PostgresConnection, name: String) throws(BackupError) -> [String] {
        var tables: [EventStoreTable] = []
        var steps: [String] = []
        for settings in eventStores {
            let table = EventStoreTable(settings)
            if tables.contains(table) { continue }
            tables.append(table)
            let report: ConsistencyReport
            do throws(PostgresError) {
                report = try EventStoreScan.full(table, on: scratch, maxIssues: min(settings.maxIssues, 5), deadline: deadline)
            } catch {
                throw BackupError(step: Self.step, "event store \(table.displayName) in scratch database \(name): \(error.description)")
            }
            guard report.totalIssues == 0 else {
                let listed = report.issues.map { "\($0.kind.rawValue) \($0.aggregateID): \($0.details)" }
                throw BackupError(step: Self.step, "event store \(table.displayName) restored from the dump is not consistent "
                                  + "(\(ConsistencyReport.countsText(report.issueCounts))): \(listed.joined(separator: "; "))"
                                  + (report.truncated ? "; …" : ""))
            }
            steps.append("event store \(table.displayName): \(report.eventsChecked) events of \(report.aggregatesChecked) aggregates consistent")
        }
        if tables.isEmpty { steps.append("no event_store check for database \(database.name)") }
        return steps
    }

    // MARK: - The scratch database

    private func connect(_ conninfo: String, what: String) throws(BackupError) -> PostgresConnection {
        do throws(PostgresError) {
            return try PostgresConnection.connect(conninfo: conninfo, deadline: deadline)
        } catch {
            throw BackupError(step: Self.step, "cannot connect to \(what): \(error.description)")
        }
    }

    private func requireCreateDatabase(on admin: PostgresConnection) throws(BackupError) {
        let row: [String?]?
        do throws(PostgresError) {
            row = try admin.query("SELECT current_user, rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user",
                                  deadline: deadline).rows.first
        } catch {
            throw BackupError(step: Self.step, "cannot read the role's privileges: \(error.description)")
        }
        guard row?[1] == "t" else {
            let role = (row?[0] ?? nil) ?? "the configured role"
            throw BackupError(step: Self.step, "verify = \"restore\" needs a role that may CREATE DATABASE: "
                              + "role \(role) of database \(database.name) has neither CREATEDB nor SUPERUSER")
        }
    }

    /// Scratch databases of runs that were killed. One still in use (a run on another host, or a
    /// pg_restore that outlived its killed parent) is left for a later run.
    private func dropLeftovers(on admin: PostgresConnection) -> [String] {
        let names = (try? admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'vigil\\_verify\\_%' ORDER BY 1",
                                      deadline: deadline).rows.compactMap { $0.first ?? nil }) ?? []
        return names.map { name in
            do throws(PostgresError) {
                _ = try admin.query("DROP DATABASE IF EXISTS \(try SQLQuoting.identifier(name))", deadline: deadline)
                return "dropped leftover scratch database \(name)"
            } catch {
                return "left scratch database \(name) of another run: \(error.description)"
            }
        }
    }

    /// From template0, with the source's encoding and locale, so every row restores as it was.
    private func create(_ name: String, on admin: PostgresConnection) throws(BackupError) {
        do throws(PostgresError) {
            let row = try admin.query("SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
                                      + "WHERE datname = current_database()", deadline: deadline).rows.first
            var sql = "CREATE DATABASE \(try SQLQuoting.identifier(name)) TEMPLATE template0"
            if let row, row.count == 3, let encoding = row[0], let collate = row[1], let ctype = row[2] {
                sql += " ENCODING \(try SQLQuoting.literal(encoding)) LC_COLLATE \(try SQLQuoting.literal(collate))"
                    + " LC_CTYPE \(try SQLQuoting.literal(ctype))"
            }
            _ = try admin.query(sql, deadline: deadline)
        } catch {
            throw BackupError(step: Self.step, "cannot create scratch database \(name): \(error.description)")
        }
    }

    /// `WITH (FORCE)`: a pg_restore killed at the deadline may still hold a session. Past the
    /// deadline, or on a connection that gave up, a fresh connection gets a little time of its own.
    private func drop(_ name: String, on admin: PostgresConnection) -> String? {
        let grace = max(deadline, .now + .seconds(30))
        do throws(PostgresError) {
            let sql = "DROP DATABASE IF EXISTS \(try SQLQuoting.identifier(name)) WITH (FORCE)"
            do throws(PostgresError) {
                _ = try admin.query(sql, deadline: grace)
            } catch {
                _ = try PostgresConnection.connect(conninfo: database.conninfo, deadline: grace).query(sql, deadline: grace)
            }
            return nil
        } catch {
            return error.description
        }
    }
}
