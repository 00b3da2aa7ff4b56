import Foundation
import Testing
import VigilBackup
import VigilCore
import VigilProbes
import VigilTestSupport

/// The `backup_age` probe over real backups made by `BackupRunner` from a real PostgreSQL.
@Suite(.serialized) struct BackupAgeProbeTests {
    private func observe(_ destination: String) async throws -> Observation {
        try await BackupAgeProbe(settings: BackupAgeSettings(destination: destination, maxAge: .seconds(26 * 3600)))
            .observe(until: .now + .seconds(5))
    }

    @Test func criticalWithoutARecentVerifiedBackupOrAfterAFailedOne() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        var template = Array("/tmp/vigil-backup-age.XXXXXX".utf8CString)
        let folder = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = DatabaseSettings(name: "main", conninfo: cluster.conninfo)
        var settings = BackupSettings(database: "main", destination: folder, keep: 10, timeout: .seconds(60),
                                      pgDump: PostgresCluster.binaries + "/pg_dump")

        let missing = try await observe(folder + "/nowhere")
        #expect(missing.status == .critical && missing.message == "backup destination \(folder)/nowhere does not exist")
        let none = try await observe(folder)
        #expect(none.status == .critical && none.message == "no verified backup in \(folder)")

        _ = try BackupRunner(settings: settings, database: database).run(at: Date(timeIntervalSinceNow: -30 * 3600))
        let old = try await observe(folder)
        #expect(old.status == .critical, "\(old.message)")
        #expect(old.message.contains(" is 1d6h old (max_age 26h), 1 verified"), "\(old.message)")
        #expect(old.metrics["age_hours"].map { $0 >= 30 && $0 < 30.1 } == true)

        let fresh = try BackupRunner(settings: settings, database: database).run(label: "nightly")
        let healthy = try await observe(folder)
        #expect(healthy.status == .healthy, "\(healthy.message)")
        #expect(healthy.message.hasPrefix("newest verified backup \(fresh.manifest.name) is "), "\(healthy.message)")
        #expect(healthy.metrics["backups"] == 2)

        settings.pgDump = folder + "/missing-pg_dump"
        #expect(throws: BackupError.self) { try BackupRunner(settings: settings, database: database).run(at: Date().addingTimeInterval(1)) }
        let failed = try await observe(folder)
        #expect(failed.status == .critical)
        #expect(failed.message.hasPrefix("the last backup, "), "\(failed.message)")
        #expect(failed.message.contains("failed at pg_dump: cannot run \(folder)/missing-pg_dump"), "\(failed.message)")

        settings.pgDump = PostgresCluster.binaries + "/pg_dump"
        _ = try BackupRunner(settings: settings, database: database).run(at: Date().addingTimeInterval(2))
        #expect(try await observe(folder).status == .healthy)
    }
}
