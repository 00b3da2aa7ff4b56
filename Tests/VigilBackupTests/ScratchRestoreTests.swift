import Foundation
import Testing
import VigilBackup
import VigilCore
import VigilTestSupport

/// `verify = "restore"` against a real PostgreSQL: the dump restored into a scratch database,
/// its row counts compared with those taken in the dump's snapshot, the event store checked,
/// and the scratch database gone afterwards, whatever the outcome.
@Suite(.serialized) struct ScratchRestoreTests {
    typealias Scratch = BackupRunnerTests.Scratch

    /// 4000 events of 400 aggregates, and 50 accounts.
    static let store = SampleEventStore.sql(aggregates: 400)

    static let eventStore = EventStoreCheckSettings(database: "main", table: "public.events")

    private func settings(_ scratch: Scratch, pgDump: String = PostgresCluster.binaries + "/pg_dump") -> BackupSettings {
        BackupSettings(database: "main", storage: [scratch.path + "/storage"], destination: scratch.path + "/backups",
                       timeout: .seconds(120), pgDump: pgDump, verify: .restore)
    }

    private func scratchDatabases(_ cluster: PostgresCluster) throws -> [String] {
        try cluster.psql("SELECT datname FROM pg_database WHERE datname LIKE 'vigil\\_verify\\_%' ORDER BY 1")
            .split(separator: "\n").map(String.init)
    }

    /// A `pg_dump` that inserts 25 accounts from a session of its own just before it dumps, so the
    /// source changes after the counts were taken; with `honourSnapshot` false it also drops
    /// `--snapshot`, as a dump outside the counted snapshot would be. `pg_restore` sits beside it.
    private func writingPgDump(_ cluster: PostgresCluster, in scratch: Scratch, honourSnapshot: Bool) throws -> String {
        let folder = scratch.path + "/bin"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let psql = "\(PostgresCluster.binaries)/psql -X -q -v ON_ERROR_STOP=1 -h \(cluster.directory) -p \(cluster.port) -U postgres -d postgres"
        let insert = "INSERT INTO accounts SELECT i, 'late ' || i FROM generate_series(1001, 1025) AS i"
        let dropSnapshot = honourSnapshot ? "" : "for a do shift; case $a in --snapshot=*) ;; *) set -- \"$@\" \"$a\" ;; esac; done"
        let script = """
            #!/bin/sh
            case "$*" in *--file=*) \(psql) -c "\(insert)" || exit 9 ;; esac
            \(dropSnapshot)
            exec \(PostgresCluster.binaries)/pg_dump "$@"
            """
        try script.write(toFile: folder + "/pg_dump", atomically: true, encoding: .utf8)
        chmod(folder + "/pg_dump", 0o755)
        try FileManager.default.createSymbolicLink(atPath: folder + "/pg_restore", withDestinationPath: PostgresCluster.binaries + "/pg_restore")
        return folder + "/pg_dump"
    }

    @Test func aRestoreCheckedBackupRecordsTheCountsAndDropsTheScratchDatabase() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.psql(Self.store)
        let scratch = try Scratch()
        let outcome = try BackupRunner(settings: settings(scratch), database: DatabaseSettings(name: "main", conninfo: cluster.conninfo),
                                       eventStores: [Self.eventStore]).run()

        let manifest = outcome.manifest
        #expect(manifest.tables == [.init(table: "public.accounts", rows: 50), .init(table: "public.events", rows: 4000)])
        let steps = manifest.verification.steps
        #expect(steps.contains { $0.hasPrefix("restore into scratch database vigil_verify_") && $0.hasSuffix(": 2 tables, 4050 rows match") },
                "\(steps)")
        #expect(steps.contains("event store public.events: 4000 events of 400 aggregates consistent"), "\(steps)")
        #expect(try scratchDatabases(cluster) == [])
        // The counts are in the manifest on disk, and read back.
        let (read, _) = try BackupVerifier.verify(folder: outcome.path, pgRestore: PostgresCluster.binaries + "/pg_restore")
        #expect(read.tables == manifest.tables)
    }

    /// Rows inserted after the counts were taken, before pg_dump runs: the dump is taken in the
    /// counted snapshot, so it holds the counted rows and the restore check passes, while the
    /// source has moved on.
    @Test func theCountsAreTheDumpsSnapshotWhileThePlatformWrites() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.psql(Self.store)
        let scratch = try Scratch()
        var settings = settings(scratch, pgDump: try writingPgDump(cluster, in: scratch, honourSnapshot: true))
        settings.storage = []
        let outcome = try BackupRunner(settings: settings, database: DatabaseSettings(name: "main", conninfo: cluster.conninfo)).run()

        #expect(try cluster.psql("SELECT count(*) FROM accounts") == "75", "the dump did not write while it ran")
        #expect(outcome.manifest.tables?.first == .init(table: "public.accounts", rows: 50))
        #expect(outcome.manifest.verification.steps.contains { $0.hasSuffix(": 2 tables, 4050 rows match") })
        #expect(outcome.manifest.verification.steps.contains("no event_store check for database main"))
    }

    /// The same writes with a dump outside the counted snapshot: the restore holds rows the counts
    /// do not, and verification fails naming the table, leaving no backup and no scratch database.
    @Test func aDumpThatDoesNotHoldTheCountedRowsFailsNamingTheTable() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.psql(Self.store)
        let scratch = try Scratch()
        var settings = settings(scratch, pgDump: try writingPgDump(cluster, in: scratch, honourSnapshot: false))
        settings.storage = []
        do {
            _ = try BackupRunner(settings: settings, database: DatabaseSettings(name: "main", conninfo: cluster.conninfo)).run()
            Issue.record("a dump with rows the counts do not have passed the restore check")
        } catch {
            #expect(error.step == "verify restore")
            #expect(error.reason.contains("does not hold what was dumped: public.accounts: 50 rows dumped, 75 restored"), "\(error)")
        }
        #expect(BackupCatalog.list(destination: settings.destination).isEmpty)
        #expect(BackupFailureRecord.read(destination: settings.destination)?.step == "verify restore")
        #expect(try scratchDatabases(cluster) == [])
    }

    /// A store with a version gap fails verification with the anomaly named: restoring that backup
    /// would bring the gap back.
    @Test func anInconsistentEventStoreFailsVerificationNamingTheAnomaly() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.psql(Self.store)
        try cluster.psql("DELETE FROM events WHERE aggregate_id = md5('a7')::uuid AND version = 4")
        let scratch = try Scratch()
        let settings = settings(scratch)
        do {
            _ = try BackupRunner(settings: settings, database: DatabaseSettings(name: "main", conninfo: cluster.conninfo),
                                 eventStores: [Self.eventStore]).run()
            Issue.record("a store with a version gap passed the restore check")
        } catch {
            #expect(error.step == "verify restore")
            let aggregate = try cluster.psql("SELECT md5('a7')::uuid")
            #expect(error.reason.contains("event store public.events restored from the dump is not consistent (1 VERSION_GAP): "
                                          + "VERSION_GAP \(aggregate): Gap between version 3 and 5"), "\(error)")
        }
        #expect(BackupCatalog.list(destination: settings.destination).isEmpty)
        #expect(try scratchDatabases(cluster) == [])
    }

    /// A role that may read everything but not create databases is told what it lacks; given
    /// CREATEDB, the same role (password through the passfile) restores, checks and drops.
    @Test func aRoleWithoutCreateDatabaseIsToldWhatItLacks() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.psql(Self.store)
        try cluster.setPassword(user: "backup", password: "s3cret 'quoted'")
        try cluster.psql("GRANT pg_read_all_data TO backup")
        let scratch = try Scratch()
        let runner = BackupRunner(settings: settings(scratch),
                                  database: DatabaseSettings(name: "main", conninfo: cluster.conninfo(user: "backup", password: "s3cret 'quoted'")),
                                  eventStores: [Self.eventStore])
        do {
            _ = try runner.run()
            Issue.record("a role without CREATEDB made a restore-checked backup")
        } catch {
            #expect(error.description == "verify restore: verify = \"restore\" needs a role that may CREATE DATABASE: "
                    + "role backup of database main has neither CREATEDB nor SUPERUSER")
        }
        try cluster.psql("ALTER ROLE backup CREATEDB")
        let outcome = try runner.run(at: Date().addingTimeInterval(1))
        #expect(outcome.manifest.verification.steps.contains("event store public.events: 4000 events of 400 aggregates consistent"))
        #expect(try scratchDatabases(cluster) == [])
    }

    /// A scratch database left by a killed run is dropped by the next restore check.
    @Test func aLeftoverScratchDatabaseIsDroppedByTheNextRun() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.psql(Self.store)
        try cluster.psql("CREATE DATABASE vigil_verify_20000101t000000z_1")
        let scratch = try Scratch()
        let outcome = try BackupRunner(settings: settings(scratch), database: DatabaseSettings(name: "main", conninfo: cluster.conninfo),
                                       eventStores: [Self.eventStore]).run()
        #expect(outcome.manifest.verification.steps.contains("dropped leftover scratch database vigil_verify_20000101t000000z_1"))
        #expect(try scratchDatabases(cluster) == [])
    }
}
