import Foundation
import Testing
import VigilBackup
import VigilCore
import VigilPostgres
import VigilTestSupport

/// Faults in the middle of a backup, against a real PostgreSQL: the server goes away while
/// pg_dump is reading. The backup must fail at pg_dump with the server's reason, leave nothing
/// that looks like a backup, and keep every older one.
@Suite(.serialized) struct BackupRunnerFaultTests {
    @Test func theDatabaseGoingAwayMidDumpFailsAtPgDumpAndKeepsTheOlderBackup() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.psql(BackupRunnerTests.store)
        try cluster.psql("""
            CREATE TABLE ledger (id int, part int) PARTITION BY LIST (part);
            CREATE TABLE ledger_1 PARTITION OF ledger FOR VALUES IN (1);
            INSERT INTO ledger VALUES (1, 1);
            """)
        let scratch = try BackupRunnerTests.Scratch()
        let settings = BackupSettings(database: "main", storage: [scratch.path + "/storage"], destination: scratch.path + "/backups",
                                      keep: 1, keepFor: .seconds(60), timeout: .seconds(60), pgDump: PostgresCluster.binaries + "/pg_dump")
        let runner = BackupRunner(settings: settings, database: DatabaseSettings(name: "main", conninfo: cluster.conninfo))
        let older = try runner.run(at: Date(timeIntervalSinceNow: -30 * 24 * 3600))

        // pg_dump waits for its lock on the partitioned `ledger` behind this transaction: it is
        // mid-dump, connected, with its snapshot taken, when the server stops. (The row counts
        // before it read the partition, which the lock on the parent alone does not hold up.)
        let holder = try PostgresConnection.connect(conninfo: cluster.conninfo, deadline: .now + .seconds(10))
        _ = try holder.query("BEGIN", deadline: .now + .seconds(10))
        _ = try holder.query("LOCK TABLE ONLY ledger IN ACCESS EXCLUSIVE MODE", deadline: .now + .seconds(10))
        let backup = Task.detached { () -> BackupError? in
            do throws(BackupError) { _ = try runner.run(); return nil } catch { return error }
        }
        var waiting = false
        for _ in 0..<200 where !waiting {
            waiting = try cluster.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump' AND wait_event_type = 'Lock'") == "1"
            if !waiting { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(waiting, "pg_dump never reached the locked table")
        try cluster.stop()

        let failure = await backup.value
        #expect(failure?.step == "pg_dump", "\(String(describing: failure))")
        #expect(failure?.reason.contains("terminat") == true, "\(String(describing: failure))")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path + "/backups")) ?? []).sorted()
        #expect(names == [".vigil-backup.last-failure", ".vigil-backup.lock", URL(fileURLWithPath: older.path).lastPathComponent])
        #expect(BackupCatalog.list(destination: scratch.path + "/backups").map(\.path) == [older.path])
        #expect(BackupFailureRecord.read(destination: scratch.path + "/backups")?.step == "pg_dump")
        #expect(try BackupVerifier.verify(folder: older.path, pgRestore: settings.pgRestore).1.verified)
    }
}
