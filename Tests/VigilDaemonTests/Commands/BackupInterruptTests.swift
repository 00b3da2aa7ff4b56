import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// `vigil backup` interrupted by Ctrl-C (SIGINT) or SIGTERM while pg_dump runs: the child's group
/// ended, the partial folder removed, a clear message and exit 128 + the signal, a backup-failed
/// entry in the journal and a failure record for `backup_age`; the older backup stays verifiable.
@Suite("vigil backup interrupted", .serialized)
struct BackupInterruptTests {
    /// A pg_dump that writes into its output file, then sleeps (as one dumping a large table does).
    static func slowPgDump(in scratch: ScratchDirectory, marker: String) throws -> String {
        let path = scratch.file("slow-pg_dump")
        try """
            #!/bin/sh
            for argument in "$@"; do case "$argument" in --file=*) echo partial > "${argument#--file=}";; esac; done
            exec sleep \(marker)

            """.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func interrupted(_ signal: Int32) async throws {
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts SELECT generate_series(1, 100);")
        let scratch = try ScratchDirectory()
        let goodConfig = try BackupCommandTests.config(cluster, in: scratch, pgDump: PostgresCluster.binaries + "/pg_dump")
        let first = try BackupCommandTests.vigil(["backup", "--config", goodConfig, "--label", "first"])
        #expect(first.exit == 0, "\(first.output)")

        let marker = ProcessTable.uniqueSleepSeconds()
        let slowConfig = try BackupCommandTests.config(cluster, in: scratch, pgDump: try Self.slowPgDump(in: scratch, marker: marker))
        let label = TestConfig.uniqueName("interrupted").replacingOccurrences(of: "_", with: "-")
        let running = try BackgroundProcess([RepositoryPaths.vigilExecutable.path, "backup", "--config", slowConfig, "--label", label],
                                            environment: ["PATH": "/usr/bin:/bin"])
        let started = ContinuousClock.now
        while ProcessTable.pids(withArgument: marker).isEmpty, ContinuousClock.now < started + .seconds(20) { usleep(20_000) }
        try #require(!ProcessTable.pids(withArgument: marker).isEmpty, "pg_dump never started: \(running.printed)")
        let partial = try FileManager.default.contentsOfDirectory(atPath: scratch.file("backups")).filter { $0.hasSuffix(".partial") }
        #expect(partial.count == 1, "\(partial)")

        let signalled = ContinuousClock.now
        running.signal(signal)
        let status = try #require(running.waitForExit(timeout: .seconds(10)), "vigil backup did not exit after \(name)")
        let took = signalled.duration(to: .now)
        #expect(BackgroundProcess.exitCode(fromWaitStatus: status) == 128 + signal, "\(running.printed)")
        #expect(took < .seconds(3), "\(took)")
        #expect(running.printed.contains("-\(label) interrupted by \(name) at pg_dump; nothing was kept, older backups are untouched"),
                "\(running.printed)")
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty, "pg_dump outlived the backup")

        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.file("backups"))
        #expect(!names.contains { $0.hasSuffix(".partial") || $0.hasSuffix(label) }, "\(names)")
        let record = scratch.read("backups/.vigil-backup.last-failure") ?? ""
        #expect(record.contains("interrupted by \(name)") && record.contains("\"step\" : \"pg_dump\""), "\(record)")

        let entry = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.backupFailed.messageID)"])
            .first { $0["BACKUP"]?.hasSuffix("-\(label)") == true })
        #expect(entry["STEP"] == "pg_dump" && entry["REASON"] == "interrupted by \(name)", "\(entry)")
        #expect(entry["BYTES"] == "8" && entry["DURATION_MS"] != nil, "\(entry)")

        // The config file was rewritten for the slow pg_dump: back to the real one, whose pg_restore verifies.
        _ = try BackupCommandTests.config(cluster, in: scratch, pgDump: PostgresCluster.binaries + "/pg_dump")
        let listed = try BackupCommandTests.vigil(["backups", "--config", goodConfig, "--verify"])
        #expect(listed.exit == 0 && listed.output.contains("-first  ") && listed.output.contains("verified again now"), "\(listed.output)")
    }
}
