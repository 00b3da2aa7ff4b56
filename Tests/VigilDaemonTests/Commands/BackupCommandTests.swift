import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// `vigil backup` and `vigil backups` as an operator runs them, against a real PostgreSQL: a
/// verified backup, a listing, a corruption found by `--verify`, and a backup killed midway that
/// leaves nothing that looks like a backup and is cleared by the next one.
@Suite("vigil backup", .serialized)
struct BackupCommandTests {
    static func config(_ cluster: PostgresCluster, in scratch: ScratchDirectory, pgDump: String) throws -> String {
        try FileManager.default.createDirectory(atPath: scratch.file("backups"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch.file("files"), withIntermediateDirectories: true)
        try "invoice 1\n".write(toFile: scratch.file("files/invoice.txt"), atomically: false, encoding: .utf8)
        return try scratch.write("vigil.toml", TestConfig.database("main", conninfo: cluster.conninfo) + """
            [backup]
            database = "main"
            destination = \(TestConfig.quoted(scratch.file("backups")))
            storage = [\(TestConfig.quoted(scratch.file("files")))]
            pg_dump = \(TestConfig.quoted(pgDump))
            """)
    }

    static func vigil(_ arguments: [String]) throws -> (exit: Int32?, output: String, process: BackgroundProcess) {
        let process = try BackgroundProcess([RepositoryPaths.vigilExecutable.path] + arguments, environment: ["PATH": "/usr/bin:/bin"])
        let exit = process.waitForExit(timeout: .seconds(60)).flatMap(BackgroundProcess.exitCode(fromWaitStatus:))
        return (exit, process.printed, process)
    }

    @Test("a verified backup, listed; a flipped byte found by --verify, naming the file")
    func backupAndList() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts SELECT generate_series(1, 100);")
        let scratch = try ScratchDirectory()
        let config = try Self.config(cluster, in: scratch, pgDump: PostgresCluster.binaries + "/pg_dump")

        let backup = try Self.vigil(["backup", "--config", config, "--label", "nightly"])
        #expect(backup.exit == 0, "\(backup.output)")
        #expect(backup.output.contains("files, "), "\(backup.output)")
        #expect(backup.output.contains("verified, in "), "\(backup.output)")
        let folder = try #require(backup.output.split(separator: "\n").first { $0.hasPrefix(scratch.file("backups/")) }.map(String.init))
        #expect(folder.hasSuffix("-nightly"))
        // By path: a backup of another test may have the same name (names are to the second).
        let entry = try #require(try JournalReader.entries(matching: ["BACKUP_PATH=\(folder)"]).first)
        #expect(entry["MESSAGE_ID"] == EventKind.backupFinished.messageID)
        #expect(entry["BACKUP_PATH"] == folder && entry["VERIFIED"] == "yes" && entry["FILES"] == "2")
        #expect(entry["BYTES"].flatMap { Int($0) }.map { $0 > 0 } == true && entry["DURATION_MS"] != nil)
        #expect(entry["VERIFICATION"]?.contains("pg_restore --list database.dump") == true)

        let listed = try Self.vigil(["backups", "--config", config, "--verify"])
        #expect(listed.exit == 0, "\(listed.output)")
        #expect(listed.output.contains("-nightly  ") && listed.output.contains("verified, verified again now"), "\(listed.output)")

        let archive = folder + "/storage-1-files.tar.gz"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: archive))
        let corrupt = try Self.vigil(["backups", "--config", config, "--verify"])
        #expect(corrupt.exit == 1, "\(corrupt.output)")
        #expect(corrupt.output.contains("FAILS NOW: storage-1-files.tar.gz does not match the manifest"), "\(corrupt.output)")
    }

    @Test("killed midway: no complete-looking folder; the next backup clears it and keeps the older one")
    func killedMidway() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let scratch = try ScratchDirectory()
        let realDump = PostgresCluster.binaries + "/pg_dump"
        let config = try Self.config(cluster, in: scratch, pgDump: realDump)
        let first = try Self.vigil(["backup", "--config", config, "--label", "first"])
        #expect(first.exit == 0, "\(first.output)")

        // A pg_dump that never finishes: the backup is killed while it runs.
        let slow = scratch.file("slow-pg_dump")
        try "#!/bin/sh\necho $$ > \(scratch.file("slow.pid"))\nexec sleep 60\n".write(toFile: slow, atomically: false, encoding: .utf8)
        chmod(slow, 0o755)
        // The killed backup cannot stop its child: the test does.
        defer { if let pid = scratch.read("slow.pid").flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) { kill(pid, SIGKILL) } }
        let slowConfig = try Self.config(cluster, in: scratch, pgDump: slow)
        let running = try BackgroundProcess([RepositoryPaths.vigilExecutable.path, "backup", "--config", slowConfig],
                                            environment: ["PATH": "/usr/bin:/bin"])
        var partial: String?
        for _ in 0..<200 where partial == nil {
            partial = (try? FileManager.default.contentsOfDirectory(atPath: scratch.file("backups")))?.first { $0.hasSuffix(".partial") }
            if partial == nil { usleep(50_000) }
        }
        #expect(partial != nil, "the backup never started")
        running.signal(SIGKILL)
        _ = running.waitForExit(timeout: .seconds(10))

        // A backup whose pg_dump fails: journaled at err with the step; the older backup stays.
        let failing = scratch.file("failing-pg_dump")
        try "#!/bin/sh\necho 'pg_dump: error: connection refused' >&2\nexit 1\n".write(toFile: failing, atomically: false, encoding: .utf8)
        chmod(failing, 0o755)
        let failed = try Self.vigil(["backup", "--config", try Self.config(cluster, in: scratch, pgDump: failing), "--label", "failing"])
        #expect(failed.exit == 1)
        #expect(failed.output.contains("backup failed at pg_dump: \(failing) exited with code 1: pg_dump: error: connection refused"),
                "\(failed.output)")
        let failure = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.backupFailed.messageID)"]).last)
        #expect(failure["STEP"] == "pg_dump" && failure["PRIORITY"] == "3" && failure["BACKUP"]?.hasSuffix("-failing") == true)

        let listed = try Self.vigil(["backups", "--config", config])
        #expect(listed.exit == 0)
        #expect(listed.output.split(separator: "\n").count == 1 && listed.output.contains("-first  "), "\(listed.output)")

        let next = try Self.vigil(["backup", "--config", try Self.config(cluster, in: scratch, pgDump: realDump)])
        #expect(next.exit == 0, "\(next.output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.file("backups")).sorted()
        #expect(!names.contains { $0.hasSuffix(".partial") }, "\(names)")
        #expect(names.filter { !$0.hasPrefix(".") }.count == 2, "\(names)")
    }

    @Test("restore: refused without --yes off a terminal; --dry-run changes nothing; --yes restores after a safety backup")
    func restore() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts SELECT generate_series(1, 100);")
        let scratch = try ScratchDirectory()
        let config = try Self.config(cluster, in: scratch, pgDump: PostgresCluster.binaries + "/pg_dump")
        let backup = try Self.vigil(["backup", "--config", config, "--label", "good"])
        let folder = try #require(backup.output.split(separator: "\n").first { $0.hasPrefix(scratch.file("backups/")) }.map(String.init))
        let name = URL(fileURLWithPath: folder).lastPathComponent
        _ = try cluster.psql("DROP TABLE accounts")
        try "tampered\n".write(toFile: scratch.file("files/invoice.txt"), atomically: false, encoding: .utf8)

        let refused = try Self.vigil(["restore", "--config", config, name])
        #expect(refused.exit == 1)
        #expect(refused.output.contains("add --yes to run it without a terminal"), "\(refused.output)")

        let dry = try Self.vigil(["restore", "--config", config, name, "--dry-run"])
        #expect(dry.exit == 0, "\(dry.output)")
        #expect(dry.output.contains("would restore database main"), "\(dry.output)")
        #expect(dry.output.contains("nothing was changed"), "\(dry.output)")
        #expect(try cluster.psql("SELECT to_regclass('accounts') IS NULL").hasPrefix("t"))

        let restored = try Self.vigil(["restore", "--config", config, name, "--yes", "--format", "json"])
        #expect(restored.exit == 0, "\(restored.output)")
        let entry = try #require(try JournalReader.entries(matching: ["BACKUP=\(name)", "MESSAGE_ID=\(EventKind.restoreFinished.messageID)"]).first)
        #expect(entry["SAFETY_BACKUP"]?.hasSuffix("-before-restore") == true)
        // BYTES: the size of the backup restored from, as its own entry said.
        let made = try #require(try JournalReader.entries(matching: ["BACKUP_PATH=\(folder)"]).first)
        #expect(entry["BYTES"] != nil && entry["BYTES"] == made["BYTES"], "\(entry) \(made)")
        #expect(restored.output.contains("\"bytes\" : \(made["BYTES"] ?? "?")"), "\(restored.output)")
        #expect(restored.output.contains("\"success\" : true"), "\(restored.output)")
        #expect(restored.output.contains("-before-restore"), "\(restored.output)")
        #expect(try cluster.psql("SELECT count(*) FROM accounts").hasPrefix("100"))
        #expect(try String(contentsOfFile: scratch.file("files/invoice.txt"), encoding: .utf8) == "invoice 1\n")
    }

    @Test("a full destination: the step and the disk's reason, nothing left, the older backup kept; a read-only one is named")
    func fullDestination() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE TABLE accounts (id int PRIMARY KEY, owner text); "
            + "INSERT INTO accounts SELECT i, md5(i::text) FROM generate_series(1, 20000) AS i;")
        let scratch = try ScratchDirectory()
        let disk = try SmallTmpfs(sizeInKilobytes: 4096)
        try FileManager.default.createDirectory(atPath: scratch.file("files"), withIntermediateDirectories: true)
        let config = try scratch.write("vigil.toml", TestConfig.database("main", conninfo: cluster.conninfo) + """
            [backup]
            database = "main"
            destination = \(TestConfig.quoted(disk.path))
            pg_dump = \(TestConfig.quoted(PostgresCluster.binaries + "/pg_dump"))
            """)
        let first = try Self.vigil(["backup", "--config", config, "--label", "first"])
        #expect(first.exit == 0, "\(first.output)")

        try disk.fill("filler")
        let full = try Self.vigil(["backup", "--config", config, "--label", "second"])
        #expect(full.exit == 1, "\(full.output)")
        #expect(full.output.contains("backup failed at pg_dump: "), "\(full.output)")
        #expect(full.output.contains("No space left on device"), "\(full.output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: disk.path)
        #expect(!names.contains { $0.hasSuffix(".partial") || $0.hasSuffix("-second") }, "\(names)")
        let listed = try Self.vigil(["backups", "--config", config, "--verify"])
        #expect(listed.exit == 0 && listed.output.contains("-first  ") && listed.output.contains("verified again now"), "\(listed.output)")

        try disk.remountReadOnly()
        let readOnly = try Self.vigil(["backup", "--config", config])
        #expect(readOnly.exit == 1)
        #expect(readOnly.output.contains("backup failed at prepare: destination \(disk.path) is not writable: Read-only file system"),
                "\(readOnly.output)")
    }

    @Test("verify = \"restore\": the event_store checks of the database are run in the restored dump, and the journal says so")
    func restoreVerified() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("""
            CREATE TABLE events (aggregate_id int NOT NULL, version int NOT NULL, occurred_at timestamptz NOT NULL, event_id int NOT NULL);
            INSERT INTO events SELECT a, v, timestamptz '2030-01-01' + v * interval '1 s', a * 100 + v
            FROM generate_series(1, 30) AS a, generate_series(1, 20) AS v;
            """)
        let scratch = try ScratchDirectory()
        let config = try Self.config(cluster, in: scratch, pgDump: PostgresCluster.binaries + "/pg_dump")
        let text = try String(contentsOfFile: config, encoding: .utf8) + "\nverify = \"restore\"\n"
            + TestConfig.check("store", kind: "event_store", interval: "1h", timeout: "30s", extra: ["database = \"main\"", "table = \"events\""])
        try text.write(toFile: config, atomically: false, encoding: .utf8)

        let backup = try Self.vigil(["backup", "--config", config])
        #expect(backup.exit == 0, "\(backup.output)")
        #expect(backup.output.contains("  event store events: 600 events of 30 aggregates consistent"), "\(backup.output)")
        let folder = try #require(backup.output.split(separator: "\n").first { $0.hasPrefix(scratch.file("backups/")) }.map(String.init))
        let entry = try #require(try JournalReader.entries(matching: ["BACKUP_PATH=\(folder)"]).first)
        let verification = try #require(entry["VERIFICATION"])
        #expect(verification.contains("restore into scratch database vigil_verify_") && verification.contains(": 1 tables, 600 rows match"),
                "\(verification)")
        #expect(try cluster.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'vigil\\_verify\\_%'") == "0")
    }

    @Test("no [backup] table: exit 65 and a clear word")
    func noBackupTable() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("vigil.toml", TestConfig.memory("m"))
        let result = try Self.vigil(["backup", "--config", config])
        #expect(result.exit == 65)
        #expect(result.output.contains("the configuration has no [backup] table"), "\(result.output)")
    }
}
