import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// `[backup] every` in the running daemon, against a real PostgreSQL and the real journal: verified
/// backups taken by themselves and journaled, a schedule added and removed by SIGHUP, a failing
/// pg_dump journaled and seen by `backup_age` without a retry loop, and a SIGTERM that abandons a
/// running backup and still exits in time.
@Suite("scheduled backups in the daemon", .serialized)
struct ScheduledBackupTests {
    static func body(_ cluster: PostgresCluster, in directory: ScratchDirectory, pgDump: String, schedule: String?,
                     check: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory.file("backups"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.file("files"), withIntermediateDirectories: true)
        try "invoice 1\n".write(toFile: directory.file("files/invoice.txt"), atomically: false, encoding: .utf8)
        return TestConfig.database("main", conninfo: cluster.conninfo) + """
            [backup]
            database = "main"
            destination = \(TestConfig.quoted(directory.file("backups")))
            storage = [\(TestConfig.quoted(directory.file("files")))]
            pg_dump = \(TestConfig.quoted(pgDump))
            keep = 50
            \(schedule ?? "")

            """ + TestConfig.check(check, kind: "backup_age", interval: "500ms", timeout: "400ms",
                                   extra: ["destination = \(TestConfig.quoted(directory.file("backups")))", "max_age = \"1m\""])
    }

    static func entries(_ kind: EventKind, of daemon: DaemonProcess, count: Int = 1, timeout: Duration = .seconds(20)) throws -> [[String: String]] {
        try JournalReader.entries(matching: ["MESSAGE_ID=\(kind.messageID)", "_PID=\(daemon.process.pid)"], count: count, timeout: timeout)
    }

    static func backups(in directory: ScratchDirectory) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.file("backups"))) ?? []).sorted()
    }

    @Test("every 2s, added by SIGHUP: verified backups journaled with BACKUP, BYTES, DURATION_MS; removed by SIGHUP: no more")
    func scheduledBackups() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts SELECT generate_series(1, 100);")
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("backups")
        let pgDump = PostgresCluster.binaries + "/pg_dump"
        let daemon = try DaemonProcess(body: try Self.body(cluster, in: directory, pgDump: pgDump, schedule: nil, check: check),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let none = daemon.waitForResult(of: check, .critical)
        #expect(none?.message.hasPrefix("no verified backup in") == true, "\(String(describing: none?.message))")
        pause(.seconds(1))
        #expect(Self.backups(in: directory).isEmpty, "no schedule, yet the daemon backed up")

        // With [release], each manifest records the version running when the backup was taken.
        let versionFile = directory.file("VERSION")
        try "7.3\n".write(toFile: versionFile, atomically: true, encoding: .utf8)
        try daemon.rewriteConfig(body: try Self.body(cluster, in: directory, pgDump: pgDump, schedule: "every = \"2s\"", check: check)
                                     + "[release]\nversion_file = \(TestConfig.quoted(versionFile))\nevery = \"1s\"\n")
        daemon.process.signal(SIGHUP)
        _ = try Self.entries(.releaseChanged, of: daemon)
        let finished = Array(try Self.entries(.backupFinished, of: daemon, count: 3).suffix(2))
        for entry in finished {
            let name = try #require(entry["BACKUP"])
            #expect(entry["BACKUP_PATH"] == directory.file("backups/\(name)"), "\(entry)")
            #expect(entry["VERIFIED"] == "yes" && entry["PRIORITY"] == "6", "\(entry)")
            #expect(entry["BYTES"].flatMap { Int($0) }.map { $0 > 0 } == true, "\(entry)")
            #expect(entry["DURATION_MS"].flatMap { Double($0) }.map { $0 > 0 } == true, "\(entry)")
            #expect(Self.backups(in: directory).contains(name))
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory.file("backups/\(name)/manifest.json"))))
            #expect((manifest as? [String: Any])?["release"] as? String == "7.3", "\(manifest)")
        }
        // Two seconds from one start to the next, give or take the run and the timer's leeway.
        let starts = try finished.map { entry in try #require(BackupName(folder: entry["BACKUP"] ?? "")?.createdAt) }
        #expect(starts[1].timeIntervalSince(starts[0]) >= 1.0 && starts[1].timeIntervalSince(starts[0]) <= 4.0, "\(starts)")
        // status.json shows the schedule and when the next backup is due (or since when one runs).
        let shown = try #require(daemon.document?.backups)
        #expect(shown.schedule == "every 2s" && shown.destination == directory.file("backups"), "\(shown)")
        #expect(shown.nextDue != nil || shown.runningSince != nil, "\(shown)")
        let healthy = daemon.waitForResult(of: check, .healthy)
        #expect(healthy?.message.hasPrefix("newest verified backup") == true, "\(String(describing: healthy?.message))")

        try daemon.rewriteConfig(body: try Self.body(cluster, in: directory, pgDump: pgDump, schedule: nil, check: check))
        daemon.process.signal(SIGHUP)
        pause(.seconds(2)) // a backup already running finishes
        let taken = Self.backups(in: directory).filter { !$0.hasPrefix(".") }
        pause(.seconds(4))
        #expect(Self.backups(in: directory).filter { !$0.hasPrefix(".") } == taken, "backups went on after the schedule was removed")
        #expect(daemon.terminate() == 0)
    }

    @Test("a failing pg_dump: backup-failed with the step, backup_age CRITICAL, retried at the next slot, not in a loop")
    func failingBackup() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("backups")
        let daemon = try DaemonProcess(body: try Self.body(cluster, in: directory, pgDump: "/bin/false", schedule: "every = \"2s\"", check: check),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let failed = try #require(try Self.entries(.backupFailed, of: daemon).first)
        #expect(failed["STEP"] == "pg_dump" && failed["REASON"] == "/bin/false exited with code 1" && failed["PRIORITY"] == "3", "\(failed)")
        #expect(failed["DURATION_MS"] != nil && failed["BYTES"] == "0", "\(failed)")
        let critical = daemon.waitForResult(of: check, .critical) { $0.message.contains("failed at pg_dump") }
        #expect(critical?.message.contains("failed at pg_dump: /bin/false exited with code 1") == true, "\(String(describing: critical?.message))")

        let firstCount = try Self.entries(.backupFailed, of: daemon).count
        pause(.seconds(5))
        let laterCount = try Self.entries(.backupFailed, of: daemon).count
        // One attempt per 2 s period: at most three more in 5 s (a loop would make dozens).
        #expect(laterCount - firstCount >= 1 && laterCount - firstCount <= 3, "\(firstCount) then \(laterCount)")
        #expect(!Self.backups(in: directory).contains { $0.hasSuffix(".partial") })
        #expect(daemon.terminate() == 0)
    }

    @Test("SIGTERM during a backup: pg_dump's group ended, the partial folder removed, backup-failed journaled, exit 0 in time")
    func stoppedMidBackup() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("backups")
        let marker = ProcessTable.uniqueSleepSeconds()
        let slow = try BackupInterruptTests.slowPgDump(in: directory, marker: marker)
        let daemon = try DaemonProcess(body: try Self.body(cluster, in: directory, pgDump: slow, schedule: "every = \"2s\"", check: check),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let started = ContinuousClock.now
        while ProcessTable.pids(withArgument: marker).isEmpty, ContinuousClock.now < started + .seconds(20) { usleep(20_000) }
        try #require(!ProcessTable.pids(withArgument: marker).isEmpty, "the scheduled backup never started pg_dump: \(daemon.output)")
        #expect(Self.backups(in: directory).contains { $0.hasSuffix(".partial") })

        let stopping = ContinuousClock.now
        // The default stop_timeout (5 s) and a second to spare.
        let exit = daemon.terminate(timeout: .seconds(6))
        let took = stopping.duration(to: .now)
        #expect(exit == 0, "\(daemon.output)")
        #expect(took < .seconds(3), "\(took)")
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty, "pg_dump outlived the daemon")
        #expect(!Self.backups(in: directory).contains { $0.hasSuffix(".partial") }, "\(Self.backups(in: directory))")
        let failed = try #require(try Self.entries(.backupFailed, of: daemon).first)
        #expect(failed["STEP"] == "pg_dump" && failed["REASON"] == "stopped by SIGTERM", "\(failed)")
        #expect(failed["BYTES"] == "8" && failed["DURATION_MS"] != nil, "\(failed)")
        let record = directory.read("backups/.vigil-backup.last-failure") ?? ""
        #expect(record.contains("stopped by SIGTERM"), "\(record)")
    }
}
