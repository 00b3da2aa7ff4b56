import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// The daemon's timers against a frozen PostgreSQL, and what its output never shows.
@Suite("vigil run: scheduling and secrets", .serialized)
struct SchedulingTests {
    @Test("A frozen PostgreSQL turns its check CRITICAL within timeout + 1 s of the run, while another check keeps its schedule")
    func frozenPostgres() throws {
        let cluster = try PostgresCluster()
        defer { cluster.shutdown() }
        let directory = try ScratchDirectory()
        let ticks = directory.file("ticks")
        let postgres = TestConfig.uniqueName("frozen_pg")
        let ticker = TestConfig.uniqueName("ticker")
        // Each run of the ticker appends the time it ran (test code, so a shell is fine here).
        let body = TestConfig.database("main", conninfo: cluster.conninfo)
            + TestConfig.postgres(postgres, database: "main", interval: "2s", timeout: "1s")
            + TestConfig.command(ticker, ["/bin/sh", "-c", "/bin/date +%s.%N >> \"$0\"", ticks])
        let daemon = try DaemonProcess(body: body, directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try #require(daemon.waitForResult(of: postgres, .healthy), "never HEALTHY: \(daemon.output)")

        let frozenAt = ContinuousClock.now
        let frozenWall = Date().timeIntervalSince1970
        cluster.freeze()
        let critical = daemon.waitForResult(of: postgres, .critical, timeout: .seconds(15))
        let detected = frozenAt.duration(to: .now)
        // Keep it frozen a little longer, to watch the ticker's schedule.
        pause(.seconds(4))
        let thawWall = Date().timeIntervalSince1970
        cluster.thaw()

        let result = try #require(critical, "never CRITICAL while frozen: \(daemon.output)")
        print("frozen postgres: CRITICAL \(detected) after SIGSTOP, run took \(result.durationMs) ms (interval 2s, timeout 1s)")
        // The next run starts within an interval (2 s) and gives up at its timeout (1 s); 2 s of slack.
        #expect(detected < .seconds(5))
        #expect(result.durationMs >= 900 && result.durationMs <= 2000, "\(result)")
        #expect(result.message.contains("timed out") || result.message.contains("deadline"), "\(result.message)")

        let times = (directory.read("ticks") ?? "").split(separator: "\n").compactMap { Double($0) }
        let during = times.filter { $0 >= frozenWall && $0 <= thawWall }
        let window = thawWall - frozenWall
        let gaps = zip(during, during.dropFirst()).map { $1 - $0 }
        print("frozen postgres: ticker ran \(during.count) times in \(window) s, longest gap \(gaps.max() ?? 0) s")
        #expect(Double(during.count) >= window * 0.6, "\(during.count) runs in \(window) s")
        #expect((gaps.max() ?? 0) < 2.5, "\(gaps)")

        // Thawed, it recovers.
        #expect(daemon.waitForResult(of: postgres, .healthy, timeout: .seconds(15)) != nil, "\(daemon.output)")
        #expect(daemon.process.waitForOutput(containing: "\(postgres) is HEALTHY (was CRITICAL)"), "\(daemon.output)")
    }

    @Test("A plugin still dying at the next tick is not started twice: the tick is skipped and logged")
    func overrunIsSkipped() async throws {
        let directory = try ScratchDirectory()
        let name = TestConfig.uniqueName("overrun")
        let seconds = ProcessTable.uniqueSleepSeconds()
        // Ignores SIGTERM, so it outlives its 500 ms deadline by the 1 s kill grace: longer than
        // the 1 s interval.
        let body = TestConfig.command(name, ["/bin/sh", "-c", "trap '' TERM; exec /bin/sleep \"$0\"", seconds])
        let daemon = try DaemonProcess(body: body, directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try #require(daemon.waitForResult(of: name, .critical), "never CRITICAL: \(daemon.output)")

        var mostAtOnce = 0
        let watchUntil = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < watchUntil {
            mostAtOnce = max(mostAtOnce, ProcessTable.pids(withArgument: seconds).count)
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(mostAtOnce == 1, "copies of the plugin at once: \(mostAtOnce)")
        // Every episode here skips exactly one tick (the run ends 1.5 s after it starts), so each
        // is logged; OverrunGuardTests covers episodes of several skips.
        #expect(daemon.occurrences(of: "\(name) is still running at its next tick") >= 1, "\(daemon.output)")
        #expect(daemon.terminate() == 0)
        #expect(await ProcessTable.waitUntilGone(withArgument: seconds).isEmpty)
    }

    @Test("A password in a conninfo appears nowhere: not on stderr, in the journal or in status.json",
          arguments: ["console", "journal"])
    func passwordNeverShown(logTarget: String) throws {
        try JournalReader.requirePrivateJournald()
        let cluster = try PostgresCluster()
        defer { cluster.shutdown() }
        let right = "Right-\(UInt32.random(in: 100_000...999_999))"
        let wrong = "Wrong-\(UInt32.random(in: 100_000...999_999))"
        try cluster.setPassword(user: "vigil_probe", password: right)
        let good = TestConfig.uniqueName("secret_good")
        let bad = TestConfig.uniqueName("secret_bad")
        let body = TestConfig.database("good", conninfo: cluster.conninfo(user: "vigil_probe", password: right))
            + TestConfig.database("bad", conninfo: cluster.conninfo(user: "vigil_probe", password: wrong))
            + TestConfig.postgres(good, database: "good") + TestConfig.postgres(bad, database: "bad")
        let daemon = try DaemonProcess(body: body, logTarget: logTarget)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        // The right password connects and the wrong one is refused: the passwords are really used.
        let report = try #require(daemon.waitForReport {
            $0.checks.first { $0.name == good }?.status == .healthy
                && $0.checks.first { $0.name == bad }?.status == .critical
        }, "\(String(describing: daemon.report)); output: \(daemon.output)")
        #expect(report.checks.first { $0.name == bad }?.message.contains("password authentication failed") == true,
                "\(report.checks)")
        pause(.seconds(3))
        _ = daemon.terminate()

        let statusFile = daemon.directory.read("run/status.json") ?? ""
        let journal = try JournalReader.entries(matching: ["_PID=\(daemon.process.pid)"], count: 0)
            .map { $0.values.joined(separator: "\n") }.joined(separator: "\n")
        if logTarget == "journal" { #expect(journal.contains("\(bad) is CRITICAL")) }
        else { #expect(daemon.output.contains("\(bad) is CRITICAL")) }
        for secret in [right, wrong] {
            #expect(!daemon.output.contains(secret), "the password is on stderr: \(daemon.output)")
            #expect(!statusFile.contains(secret), "the password is in status.json")
            #expect(!journal.contains(secret), "the password is in the journal")
        }
    }
}
