import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

/// `[rollback]` in a real daemon: a release "deployed" by switching a `current` symlink goes bad, and
/// Vigil switches the link back, restores the last known good's backup into a real PostgreSQL, runs
/// the cache step and verifies, every step read back from the journal; a rollback that does not
/// verify holds every automated action until `vigil resume rollback`; dry-run only says what it
/// would do; a daemon killed in the middle of a rollback ends it as failed when it starts again.
@Suite("Rollback", .serialized)
struct RollbackTests {
    /// `releases/1.0` (healthy) and `releases/1.1` (its health file missing), and `current` pointing at 1.0.
    struct Releases {
        let directory: ScratchDirectory
        var current: String { directory.file("current") }

        init(_ directory: ScratchDirectory) throws {
            self.directory = directory
            for version in ["1.0", "1.1"] {
                try FileManager.default.createDirectory(atPath: directory.file("releases/\(version)"), withIntermediateDirectories: true)
                try "\(version)\n".write(toFile: directory.file("releases/\(version)/VERSION"), atomically: true, encoding: .utf8)
            }
            #expect(FileManager.default.createFile(atPath: directory.file("releases/1.0/healthy"), contents: Data()))
            deploy("1.0")
        }

        /// What a deployment script does: a new link renamed over the old one.
        func deploy(_ version: String) {
            let temporary = current + ".new"
            unlink(temporary)
            #expect(symlink(directory.file("releases/\(version)"), temporary) == 0)
            #expect(rename(temporary, current) == 0)
        }

        var pointsAt: String? {
            try? FileManager.default.destinationOfSymbolicLink(atPath: current)
        }

        /// The check, the release tracking and the rollback of `steps`. `stable_for` is longer than
        /// the check takes to confirm CRITICAL, or 1.1 would be good before it is seen failing.
        func config(check: String, steps: [String], plan: String? = nil, extra: String = "") -> String {
            RemediationTests.fileCheck(check, path: current + "/healthy", plan: plan)
                + """
                [release]
                version_file = \(TestConfig.quoted(current + "/VERSION"))
                every = "1s"
                stable_for = "4s"

                [rollback]
                checks = [\(TestConfig.quoted(check))]
                for = "1s"
                verify_for = "3s"
                steps = [
                \(steps.joined(separator: ",\n"))
                ]
                \(extra)

                """
        }

        var switchBack: String {
            "{ kind = \"switch_symlink\", link = \(TestConfig.quoted(current)), target = \(TestConfig.quoted(directory.file("releases/{version}"))) }"
        }
    }

    static func entries(_ kind: EventKind, _ daemon: DaemonProcess, _ more: [String] = [], count: Int = 1,
                        timeout: Duration = .seconds(30)) throws -> [[String: String]] {
        try JournalReader.entries(matching: ["MESSAGE_ID=\(kind.messageID)", "_PID=\(daemon.process.pid)"] + more, count: count, timeout: timeout)
    }

    /// A daemon of `body` in `directory`, ready, with 1.0 the last known good.
    static func running(_ body: String, in directory: ScratchDirectory) throws -> DaemonProcess {
        let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try entries(.releaseGood, daemon, ["RELEASE=1.0"])
        return daemon
    }

    static func waitForDocument(_ daemon: DaemonProcess, _ condition: (StatusDocument) -> Bool) -> StatusDocument? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let document = daemon.document, condition(document) { return document }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return daemon.document
    }

    @Test("a bad release is rolled back: the link switched, the database restored from the last known good's backup, the cache step run, verified")
    func endToEnd() async throws {
        try JournalReader.requirePrivateJournald()
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders SELECT generate_series(1, 10), 'from 1.0';")
        let directory = try ScratchDirectory()
        let releases = try Releases(directory)
        try FileManager.default.createDirectory(atPath: directory.file("backups"), withIntermediateDirectories: true)
        let check = TestConfig.uniqueName("api")
        let backup = TestConfig.database("main", conninfo: cluster.conninfo) + """
            [backup]
            database = "main"
            destination = \(TestConfig.quoted(directory.file("backups")))
            pg_dump = \(TestConfig.quoted(PostgresCluster.binaries + "/pg_dump"))

            """
        let daemon = try Self.running(backup + releases.config(check: check, steps: [
            releases.switchBack,
            "{ kind = \"restore\", backup = \"last-of-release\" }",
            RemediationTests.exec(["/usr/bin/touch", directory.file("cache-flushed-for-{version}")]),
            "{ kind = \"notify\", message = \"back on {version}\" }",
        ]), in: directory)
        defer { _ = daemon.terminate() }

        // A backup while 1.0 runs records it; then 1.1 is deployed and writes a row of its own.
        let taken = try BackupCommandTests.vigil(["backup", "--config", daemon.configPath])
        #expect(taken.exit == 0, "\(taken.output)")
        releases.deploy("1.1")
        _ = try cluster.psql("INSERT INTO orders VALUES (11, 'written by 1.1')")

        let started = try #require(try Self.entries(.rollbackStarted, daemon, ["RELEASE=1.1"]).first)
        #expect(started["RESTORED_VERSION"] == "1.0")
        #expect(started["CHECKS"] == check)
        let done = try #require(try Self.entries(.rollbackSucceeded, daemon, ["RELEASE=1.1"], timeout: .seconds(60)).first)
        #expect(done["ROLLBACK_EXECUTED"] == "1" && done["SUCCESS"] == "1", "\(done)")
        #expect(done["RESTORED_VERSION"] == "1.0")
        let milliseconds = try #require(done["ROLLBACK_TIME_MS"].flatMap(Int.init))
        #expect(milliseconds > 0 && milliseconds < 60_000, "\(done)")

        let steps = try Self.entries(.rollbackStep, daemon, ["RELEASE=1.1"], count: 4)
        #expect(steps.map { $0["STEP_KIND"] ?? "" } == ["switch_symlink", "restore", "exec", "notify"])
        #expect(steps.allSatisfy { $0["SUCCESS"] == "1" }, "\(steps)")
        #expect(steps[1]["DETAIL"]?.hasPrefix("restored ") == true, "\(steps[1])")
        #expect(steps[3]["DETAIL"] == "back on 1.0")
        #expect(releases.pointsAt == directory.file("releases/1.0"))
        #expect(try cluster.psql("SELECT count(*) FROM orders") == "10", "the row 1.1 wrote is gone")
        #expect(FileManager.default.fileExists(atPath: directory.file("cache-flushed-for-1.0")))

        let listed = try VigilInvocation.run(["releases", "--format", "json", "--config", daemon.configPath])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [String: Any])
        let records = try #require(list["releases"] as? [[String: Any]])
        #expect(records.first { $0["version"] as? String == "1.1" }?["outcome"] as? String == "rolled back", "\(listed)")
        #expect(list["running"] as? String == "1.0")
        // Once per bad release: nothing more happens.
        pause(.seconds(3))
        #expect((try? Self.entries(.rollbackStarted, daemon, count: 2, timeout: .zero)) == nil, "one rollback per bad release")
    }

    @Test("a rollback that does not verify escalates: a P0 incident, every plan held, until `vigil resume rollback`")
    func failedVerificationHoldsUntilResume() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let releases = try Releases(directory)
        let check = TestConfig.uniqueName("api")
        // The only step says something; nothing switches the link back, so verification fails.
        // The check's own plan runs while it may, and is held once the rollback fails.
        let body = releases.config(check: check, steps: ["{ kind = \"notify\", message = \"rolling back to {version}\" }"], plan: "poke")
            + RemediationTests.plan("poke", steps: [RemediationTests.exec(["/bin/true"])], maxAttempts: 50, backoff: "1s")
        let daemon = try Self.running(body, in: directory)
        defer { _ = daemon.terminate() }
        releases.deploy("1.1")

        let failed = try #require(try Self.entries(.rollbackFailed, daemon, ["RELEASE=1.1"], timeout: .seconds(40)).first)
        #expect(failed["PRIORITY"] == "1", "alert")
        #expect(failed["STEP"] == "verification")
        #expect(failed["SUCCESS"] == "0" && failed["ROLLBACK_EXECUTED"] == "1")
        #expect(failed["ERROR"] == "the running release reads as 1.1, not 1.0, after the steps", "\(failed)")
        #expect(failed["RESUME_COMMAND"] == "vigil resume rollback")
        let held = try #require(Self.waitForDocument(daemon) { $0.release?.rollback?.held != nil })
        #expect(held.release?.rollback?.held?.failedAt == "verification")
        #expect(held.incidents.contains { $0.checks.contains("rollback 1.1") && $0.severity == .p0 }, "\(held.incidents)")
        // While the rollback ran the plan waited too; once it failed, the hold says why.
        _ = try Self.entries(.remediationSkipped, daemon, [
            "PLAN=poke", "SKIP_REASON=rollback-held", "REASON=the rollback of 1.1 failed at verification; held until `vigil resume rollback`",
        ])
        let status = try VigilInvocation.run(["status", "--config", daemon.configPath])
        #expect(status.standardOutput.contains("HELD since "), "\(status)")
        #expect(status.standardOutput.contains("no plan and no rollback runs until `vigil resume rollback`"), "\(status)")

        let resumed = try VigilInvocation.run(["resume", "rollback", "--config", daemon.configPath])
        #expect(resumed.status == 0, "\(resumed)")
        _ = try Self.entries(.rollbackResumed, daemon, ["RELEASE=1.1"])
        #expect(Self.waitForDocument(daemon) { $0.release?.rollback?.held == nil }?.release?.rollback?.held == nil)
        // 1.1 is marked "failed rollback": it is not rolled back a second time.
        pause(.seconds(3))
        #expect((try? Self.entries(.rollbackStarted, daemon, count: 2, timeout: .zero)) == nil, "one rollback per bad release")
        let listed = try VigilInvocation.run(["releases", "--format", "json", "--config", daemon.configPath])
        #expect(listed.standardOutput.contains("\"outcome\" : \"failed rollback\""), "\(listed)")
    }

    @Test("dry-run journals each step it would run, once, and changes nothing")
    func dryRun() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let releases = try Releases(directory)
        let check = TestConfig.uniqueName("api")
        let daemon = try Self.running(releases.config(check: check, steps: [releases.switchBack], extra: "mode = \"dry-run\""), in: directory)
        defer { _ = daemon.terminate() }
        releases.deploy("1.1")
        let said = try #require(try Self.entries(.rollbackDryRun, daemon, ["RELEASE=1.1"]).first)
        #expect(said["STEP_1"] == "switch_symlink \(releases.current) -> \(directory.file("releases/1.0"))", "\(said)")
        #expect(said["ROLLBACK_EXECUTED"] == "0" && said["DRY_RUN"] == "1")
        pause(.seconds(3))
        #expect(releases.pointsAt == directory.file("releases/1.1"))
        #expect((try? Self.entries(.rollbackDryRun, daemon, count: 2, timeout: .zero)) == nil, "said once")
        #expect((try? Self.entries(.rollbackStarted, daemon, timeout: .zero)) == nil)
    }

    @Test("a daemon killed in the middle of a rollback ends it as failed at start, and holds")
    func killedMidRollback() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let releases = try Releases(directory)
        let check = TestConfig.uniqueName("api")
        let body = releases.config(check: check, steps: [RemediationTests.exec(["/bin/sleep", "60"], timeout: "90s"), releases.switchBack])
        let first = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(first.waitForReady(), "no READY=1; output: \(first.output)")
        _ = try Self.entries(.releaseGood, first, ["RELEASE=1.0"])
        releases.deploy("1.1")
        _ = try Self.entries(.rollbackStarted, first, ["RELEASE=1.1"])
        kill(first.process.pid, SIGKILL)
        _ = first.process.waitForExit(timeout: .seconds(10))

        let again = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        defer { _ = again.terminate() }
        _ = try #require(again.waitForReady(), "no READY=1; output: \(again.output)")
        let failed = try #require(try Self.entries(.rollbackFailed, again, ["RELEASE=1.1"]).first)
        #expect(failed["STEP"] == "1")
        #expect(failed["ERROR"] == "Vigil stopped while this step ran; it may have run in part", "\(failed)")
        #expect(Self.waitForDocument(again) { $0.release?.rollback?.held != nil }?.release?.rollback?.held?.failedAt == "step 1 (exec /bin/sleep 60)")
        #expect(releases.pointsAt == directory.file("releases/1.1"), "nothing ran after the interrupted step")
    }

    @Test("`vigil rollback` by hand: --dry-run prints the steps, --to runs them through the daemon, a rolled-back release is never rolled forward to")
    func byHand() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let releases = try Releases(directory)
        #expect(FileManager.default.createFile(atPath: directory.file("releases/1.1/healthy"), contents: Data()))
        let check = TestConfig.uniqueName("api")
        let daemon = try Self.running(releases.config(check: check, steps: [releases.switchBack], extra: "mode = \"dry-run\""), in: directory)
        defer { _ = daemon.terminate() }
        releases.deploy("1.1")
        _ = try Self.entries(.releaseChanged, daemon, ["RELEASE=1.1"])

        let dry = try VigilInvocation.run(["rollback", "--dry-run", "--config", daemon.configPath])
        #expect(dry.status == 0, "\(dry)")
        #expect(dry.standardOutput.contains("  1. switch_symlink \(releases.current) -> \(directory.file("releases/1.0"))"), "\(dry)")
        #expect(releases.pointsAt == directory.file("releases/1.1"))

        let done = try VigilInvocation.run(["rollback", "--to", "1.0", "--yes", "--by", "ops", "--config", daemon.configPath])
        #expect(done.status == 0, "\(done)")
        #expect(done.standardOutput.contains("rolled 1.1 back to 1.0 in "), "\(done)")
        #expect(releases.pointsAt == directory.file("releases/1.0"))
        let started = try #require(try Self.entries(.rollbackStarted, daemon, ["RELEASE=1.1"]).first)
        #expect(started["BY"] == "ops")
        _ = try Self.entries(.rollbackSucceeded, daemon, ["RELEASE=1.1"])

        let forward = try VigilInvocation.run(["rollback", "--to", "1.1", "--yes", "--config", daemon.configPath])
        #expect(forward.status == 1, "\(forward)")
        #expect(forward.standardError.contains("refused: release 1.1 was rolled back; Vigil never rolls forward to it"), "\(forward)")
    }
}
