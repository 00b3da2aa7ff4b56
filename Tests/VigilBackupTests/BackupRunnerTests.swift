import Foundation
import Testing
import VigilBackup
import VigilCore
import VigilTestSupport

/// `vigil backup`'s library against a real PostgreSQL and real files: what a backup holds, that
/// verification catches a flipped byte in every kind of artefact and an edited manifest, that a
/// failed backup leaves nothing that looks complete, and what retention removes.
@Suite(.serialized) struct BackupRunnerTests {
    /// A scratch folder with a storage tree, a config file and an empty destination.
    final class Scratch: @unchecked Sendable {
        let path: String
        init() throws {
            var template = Array("/tmp/vigil-backup-test.XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw BackupError(step: "test", "mkdtemp failed") }
            path = String(cString: made)
            try FileManager.default.createDirectory(atPath: path + "/storage/plugins", withIntermediateDirectories: true)
            try Data("plugin state\n".utf8).write(to: URL(fileURLWithPath: path + "/storage/plugins/state.json"))
            try Data((0..<4096).map { UInt8($0 % 251) }).write(to: URL(fileURLWithPath: path + "/storage/blob.bin"))
            try Data("[server]\nport = 8080\n".utf8).write(to: URL(fileURLWithPath: path + "/alexandria.toml"))
            try FileManager.default.createDirectory(atPath: path + "/backups", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let store = SampleEventStore.sql(aggregates: 300)

    private func settings(_ scratch: Scratch, keep: Int = 7, keepFor: Duration = .seconds(3600)) -> BackupSettings {
        BackupSettings(database: "main", storage: [scratch.path + "/storage"], config: [scratch.path + "/alexandria.toml"],
                       destination: scratch.path + "/backups", keep: keep, keepFor: keepFor, timeout: .seconds(60),
                       pgDump: PostgresCluster.binaries + "/pg_dump")
    }

    private func runner(_ cluster: PostgresCluster, _ scratch: Scratch, keep: Int = 7, keepFor: Duration = .seconds(3600)) -> BackupRunner {
        BackupRunner(settings: settings(scratch, keep: keep, keepFor: keepFor),
                     database: DatabaseSettings(name: "main", conninfo: cluster.conninfo))
    }

    private func contents(_ folder: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func aBackupHoldsTheDumpTheArchivesTheConfigAndAVerifiedManifest() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.store)
        let scratch = try Scratch()
        let created = Date(timeIntervalSince1970: 2_000_000_000)
        let outcome = try runner(cluster, scratch).run(label: "nightly", at: created)

        #expect(outcome.path == scratch.path + "/backups/20330518T033320Z-nightly")
        #expect(contents(scratch.path + "/backups") == [
            ".vigil-backup.lock", "20330518T033320Z-nightly", "20330518T033320Z-nightly/config",
            "20330518T033320Z-nightly/config/1-alexandria.toml", "20330518T033320Z-nightly/database.dump",
            "20330518T033320Z-nightly/manifest.json", "20330518T033320Z-nightly/manifest.json.sha256",
            "20330518T033320Z-nightly/storage-1-storage.tar.gz",
        ])
        let manifest = outcome.manifest
        #expect(manifest.name == "20330518T033320Z-nightly" && manifest.label == "nightly")
        #expect(manifest.artefacts.map(\.kind) == [.databaseDump, .storageArchive, .configFile])
        #expect(manifest.artefacts.map(\.source) == ["main", scratch.path + "/storage", scratch.path + "/alexandria.toml"])
        #expect(manifest.database.name == "main" && manifest.database.serverVersion.hasPrefix("15."))
        #expect(manifest.database.sizeBytes > 0)
        #expect(manifest.tools["pg_dump"]?.hasPrefix("pg_dump (PostgreSQL) 15") == true)
        #expect(manifest.verification.verified)
        #expect(manifest.verification.steps.contains("checksums: 3 files match"))
        #expect(manifest.verification.steps.contains { $0.hasPrefix("pg_restore --list database.dump: ") })
        #expect(manifest.verification.steps.contains("tar --list storage-1-storage.tar.gz: 4 entries"))

        // What was written can be read back and verified again, from disk.
        let (read, verification) = try BackupVerifier.verify(folder: outcome.path, pgRestore: PostgresCluster.binaries + "/pg_restore")
        #expect(read == manifest)
        #expect(verification.verified)
        let listing = try ExternalTool.run(PostgresCluster.binaries + "/pg_restore", ["--list", outcome.path + "/database.dump"])
        #expect(listing.standardOutput.contains("TABLE DATA public events"))
        #expect(listing.standardOutput.contains("TABLE DATA public accounts"))
        let copied = try String(contentsOfFile: outcome.path + "/config/1-alexandria.toml", encoding: .utf8)
        #expect(copied == "[server]\nport = 8080\n")
        #expect(!contents("/tmp").contains { $0.hasPrefix("vigil-backup.") }, "the passfile folder was left behind")
    }

    /// One byte flipped in each kind of artefact, and a manifest edited by hand: verification
    /// fails naming the file.
    @Test func verificationNamesTheFileWithAFlippedByte() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.store)
        let scratch = try Scratch()
        let outcome = try runner(cluster, scratch).run()
        let pgRestore = PostgresCluster.binaries + "/pg_restore"
        for file in ["database.dump", "storage-1-storage.tar.gz", "config/1-alexandria.toml", "manifest.json"] {
            let path = outcome.path + "/" + file
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            var flipped = original
            flipped[flipped.count / 2] ^= 0x01
            try flipped.write(to: URL(fileURLWithPath: path))
            do {
                _ = try BackupVerifier.verify(folder: outcome.path, pgRestore: pgRestore)
                Issue.record("a flipped byte in \(file) went unnoticed")
            } catch {
                let expected = file == "manifest.json" ? "manifest.json does not match manifest.json.sha256" : "\(file) does not match the manifest"
                #expect(error.description.contains(expected), "\(error)")
            }
            try original.write(to: URL(fileURLWithPath: path))
        }
        #expect(try BackupVerifier.verify(folder: outcome.path, pgRestore: pgRestore).1.verified)
    }

    /// The database goes away: the backup fails at pg_dump, leaves no folder that looks like a
    /// backup (not even a partial one) and removes none of the older ones.
    @Test func aFailedBackupLeavesNothingAndKeepsTheOlderOnes() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.store)
        let scratch = try Scratch()
        let old = Date(timeIntervalSinceNow: -30 * 24 * 3600)
        let older = try runner(cluster, scratch, keep: 1, keepFor: .seconds(60)).run(at: old)
        try cluster.stop()
        do {
            _ = try runner(cluster, scratch, keep: 1, keepFor: .seconds(60)).run()
            Issue.record("the backup succeeded without a database")
        } catch {
            #expect(error.step == "database main", "\(error)")
        }
        #expect(contents(scratch.path + "/backups").filter { !$0.contains("/") }
                == [".vigil-backup.last-failure", ".vigil-backup.lock", URL(fileURLWithPath: older.path).lastPathComponent])
        // The failure is recorded for a backup_age check, until a backup succeeds.
        #expect(BackupFailureRecord.read(destination: scratch.path + "/backups")?.step == "database main")
        #expect(BackupCatalog.list(destination: scratch.path + "/backups").map(\.path) == [older.path])
    }

    @Test func retentionKeepsTheNewestVerifiedAndTheYoungOnes() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.store)
        let scratch = try Scratch()
        let now = Date()
        var paths: [String] = []
        for daysAgo in [40, 30, 20, 10] {
            paths.append(try runner(cluster, scratch, keep: 100).run(at: now.addingTimeInterval(-Double(daysAgo) * 86400)).path)
        }
        // Keep the newest 2 (now and 10 days) and anything younger than 25 days (20): the 40- and 30-day-old ones go.
        let latest = try runner(cluster, scratch, keep: 2, keepFor: .seconds(25 * 86400)).run(at: now)
        #expect(latest.removed == Array(paths.prefix(2)))
        #expect(BackupCatalog.list(destination: scratch.path + "/backups").map(\.path) == [latest.path, paths[3], paths[2]])
    }

    @Test func aMissingOrUnwritableDestinationIsNamed() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let scratch = try Scratch()
        var settings = settings(scratch)
        settings.destination = scratch.path + "/nowhere"
        do {
            _ = try BackupRunner(settings: settings, database: DatabaseSettings(name: "main", conninfo: cluster.conninfo)).run()
            Issue.record("a backup into a missing folder succeeded")
        } catch {
            #expect(error.description == "prepare: destination \(scratch.path)/nowhere does not exist or is not a folder")
        }
        #expect(access(scratch.path + "/nowhere", F_OK) != 0, "recording the failure created the destination")
    }
}
