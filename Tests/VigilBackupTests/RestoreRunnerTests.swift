import Foundation
import Testing
import VigilBackup
import VigilCore
import VigilTestSupport

/// The round trip the seed's DataRecoveryService promises, with a real PostgreSQL and real files:
/// back up, destroy, restore, and every row and every byte is back; a bad backup is refused before
/// anything is touched.
@Suite(.serialized) struct RestoreRunnerTests {
    typealias Scratch = BackupRunnerTests.Scratch

    /// An order-independent digest of every row of each table.
    private func digests(_ cluster: PostgresCluster) throws -> [String: String] {
        var result: [String: String] = [:]
        for table in ["events", "accounts"] {
            let exists = try cluster.psql("SELECT to_regclass('\(table)') IS NOT NULL").trimmingCharacters(in: .whitespacesAndNewlines)
            result[table] = exists == "t"
                ? try cluster.psql("SELECT md5(coalesce(string_agg(h, '' ORDER BY h), '')) || ' ' || count(*) FROM (SELECT md5(t::text) AS h FROM \(table) AS t) AS rows")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                : "missing"
        }
        return result
    }

    /// Every file under `folder`, relative path → bytes.
    private func tree(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = FileManager.default.contents(atPath: folder + "/" + path)
            }
        }
        return files
    }

    private func settings(_ scratch: Scratch) -> BackupSettings {
        BackupSettings(database: "main", storage: [scratch.path + "/storage"], config: [scratch.path + "/alexandria.toml"],
                       destination: scratch.path + "/backups", keep: 1, keepFor: .seconds(0), timeout: .seconds(60),
                       pgDump: PostgresCluster.binaries + "/pg_dump")
    }

    /// The store and the storage tree, backed up once.
    private func backedUp(_ cluster: PostgresCluster) throws -> (Scratch, DatabaseSettings, BackupRunner.Outcome) {
        _ = try cluster.psql(BackupRunnerTests.store)
        let scratch = try Scratch()
        let database = DatabaseSettings(name: "main", conninfo: cluster.conninfo)
        return (scratch, database, try BackupRunner(settings: settings(scratch), database: database).run())
    }

    @Test func backUpDestroyRestoreAndEveryRowAndByteIsBack() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(BackupRunnerTests.store)
        let scratch = try Scratch()
        let database = DatabaseSettings(name: "main", conninfo: cluster.conninfo)
        let rowsBefore = try digests(cluster)
        let filesBefore = tree(scratch.path + "/storage")
        #expect(rowsBefore["events"]?.hasSuffix(" 3000") == true && rowsBefore["accounts"]?.hasSuffix(" 50") == true)
        let backup = try BackupRunner(settings: settings(scratch), database: database).run(at: Date(timeIntervalSinceNow: -86400))

        // Destroy: a table dropped, events deleted and altered, files deleted, altered and added.
        _ = try cluster.psql("""
            DROP TABLE accounts; DELETE FROM events WHERE version > 8; UPDATE events SET occurred_at = now() WHERE version = 1;
            """)
        try FileManager.default.removeItem(atPath: scratch.path + "/storage/plugins/state.json")
        try Data("changed".utf8).write(to: URL(fileURLWithPath: scratch.path + "/storage/blob.bin"))
        try Data("new".utf8).write(to: URL(fileURLWithPath: scratch.path + "/storage/stray.txt"))
        #expect(try digests(cluster) != rowsBefore && tree(scratch.path + "/storage") != filesBefore)
        let destroyedRows = try digests(cluster)

        var said: [String] = []
        let report = try RestoreRunner(settings: settings(scratch), database: database).run(backup: backup.path) { said.append($0) }
        #expect(report.success && report.recoveredAt != nil)
        #expect(try digests(cluster) == rowsBefore)
        #expect(tree(scratch.path + "/storage") == filesBefore)
        #expect(said.first?.hasPrefix("verified ") == true && said.last?.hasPrefix("validated: ") == true, "\(said)")

        // The safety backup holds the destroyed state, and retention (keep 1, keep_for 0) spared the restored backup.
        let safety = try #require(report.safetyBackup)
        #expect(safety.hasSuffix("-before-restore"))
        #expect(FileManager.default.fileExists(atPath: backup.path))
        let restoredFromSafety = try RestoreRunner(settings: settings(scratch), database: database)
            .run(backup: safety, safetyBackup: false)
        #expect(restoredFromSafety.success)
        // --clean drops and restores what the dump holds: accounts, which the safety backup lacks, stays.
        #expect(try digests(cluster)["events"] == destroyedRows["events"])
        #expect(try digests(cluster)["accounts"] == rowsBefore["accounts"])
    }

    @Test func aCorruptBackupIsRefusedBeforeAnythingIsTouched() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (scratch, database, backup) = try backedUp(cluster)
        _ = try cluster.psql("DELETE FROM accounts WHERE id > 10")
        let rows = try digests(cluster)
        let dump = backup.path + "/database.dump"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dump))
        bytes[bytes.count - 10] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: dump))
        do {
            _ = try RestoreRunner(settings: settings(scratch), database: database).run(backup: backup.path)
            Issue.record("a corrupt backup was restored")
        } catch {
            #expect(error.error.step == "verify")
            #expect(error.description.contains("database.dump does not match the manifest"), "\(error)")
            #expect(error.description.hasSuffix("; no safety backup was taken"), "\(error)")
        }
        #expect(try digests(cluster) == rows)
        #expect(BackupCatalog.list(destination: scratch.path + "/backups").count == 1)
    }

    @Test func aDryRunVerifiesAndChangesNothing() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (scratch, database, backup) = try backedUp(cluster)
        _ = try cluster.psql("DROP TABLE accounts")
        let report = try RestoreRunner(settings: settings(scratch), database: database).run(backup: backup.path, dryRun: true)
        #expect(report.success && report.safetyBackup == nil && report.recoveredAt == nil)
        #expect(report.steps.contains { $0.hasPrefix("would restore database main") })
        #expect(try digests(cluster)["accounts"] == "missing")
    }
}
