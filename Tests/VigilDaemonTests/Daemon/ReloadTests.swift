import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// SIGHUP to the real daemon: good configs applied, bad ones refused, bursts coalesced.
@Suite("vigil run: reload on SIGHUP", .serialized)
struct ReloadTests {
    @Test("A good config adds, removes and changes checks; an unchanged check keeps its state")
    func goodConfig() throws {
        let kept = TestConfig.uniqueName("kept")
        let removed = TestConfig.uniqueName("removed")
        let changed = TestConfig.uniqueName("changed")
        let added = TestConfig.uniqueName("added")
        let daemon = try DaemonProcess(body: TestConfig.memory(kept) + TestConfig.disk(removed)
            + TestConfig.dummy(changed, code: 0, message: "before"))
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try #require(daemon.waitForReport { $0.summary.healthy == 3 }, "not all HEALTHY: \(daemon.output)")
        #expect(daemon.process.waitForOutput(containing: "\(kept) is HEALTHY"), "\(daemon.output)")

        try daemon.rewriteConfig(body: TestConfig.memory(kept) + TestConfig.dummy(changed, code: 1, message: "after")
            + TestConfig.dummy(added, code: 0, message: "added"))
        let mark = daemon.notify.datagrams.count
        let sent = ContinuousClock.now
        daemon.process.signal(SIGHUP)
        let ready = try #require(daemon.notify.first(from: mark) { $0.has("READY", "1") }, "no READY=1 after SIGHUP")
        print("reload: a good config applied, READY=1 \(sent.duration(to: ready.datagram.arrival)) after SIGHUP")

        let report = try #require(daemon.waitForReport {
            $0.checks.map(\.name) == [kept, changed, added] && $0.summary.unknown == 0
        }, "the new set of checks never reported: \(String(describing: daemon.report)); output: \(daemon.output)")
        #expect(report.checks.first { $0.name == changed }?.status == .warning)
        #expect(report.checks.first { $0.name == changed }?.message.contains("after") == true)
        #expect(report.checks.first { $0.name == added }?.status == .healthy)
        #expect(daemon.output.contains("1 added, 1 removed, 1 changed, 1 unchanged"), "\(daemon.output)")
        #expect(daemon.process.waitForOutput(containing: "\(changed) is WARNING"), "\(daemon.output)")

        // Several runs of the kept check after the reload: none is announced as a first result again.
        pause(.milliseconds(2500))
        #expect(daemon.occurrences(of: "\(kept) is HEALTHY") == 1, "\(daemon.output)")
        #expect(daemon.occurrences(of: "\(added) is HEALTHY") == 1, "\(daemon.output)")
    }

    @Test("A bad config is refused: the old checks keep running, the journal says why at err, STATUS says so",
          arguments: ["syntax", "semantic"])
    func badConfig(fault: String) throws {
        try JournalReader.requirePrivateJournald()
        let name = TestConfig.uniqueName("survivor")
        let daemon = try DaemonProcess(body: TestConfig.memory(name), logTarget: "journal")
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try #require(daemon.waitForResult(of: name, .healthy), "never HEALTHY: \(daemon.output)")

        switch fault {
        case "syntax": try daemon.rewriteConfig(raw: DaemonProcess.config("[[check]\nname = ", in: daemon.directory))
        default: try daemon.rewriteConfig(body: TestConfig.memory(name, interval: "1s", timeout: "2s"))
        }
        let mark = daemon.notify.datagrams.count
        daemon.process.signal(SIGHUP)
        let reloading = try #require(daemon.notify.first(from: mark) { $0.has("RELOADING", "1") }, "no RELOADING=1")
        let rejected = try #require(daemon.notify.first(from: reloading.index) {
            $0.fields["STATUS"]?.hasPrefix("reload rejected: ") == true
        }, "no STATUS=reload rejected: …: \(daemon.notify.datagrams.dropFirst(mark))")
        #expect(daemon.notify.first(from: reloading.index, timeout: .seconds(5)) { $0.has("READY", "1") } != nil)
        #expect(rejected.datagram.fields["STATUS"]?.contains(daemon.configPath) == true, "\(rejected.datagram)")

        let entries = try JournalReader.entries(matching: [
            "MESSAGE_ID=\(EventKind.configRejected.messageID)", "_PID=\(daemon.process.pid)",
        ])
        #expect(entries.count == 1)
        #expect(entries.first?["PRIORITY"] == "3")
        #expect(entries.first?["SYSLOG_IDENTIFIER"] == "vigil")
        #expect(entries.first?["ERRORS"]?.contains(daemon.configPath) == true, "\(entries)")
        #expect(entries.first?["MESSAGE"]?.hasPrefix("reload rejected") == true, "\(entries)")

        // The old check still runs: status.json keeps being rewritten with it, HEALTHY.
        let before = try #require(daemon.report)
        let later = daemon.waitForReport(timeout: .seconds(10)) {
            $0.timestamp.timeIntervalSince(before.timestamp) >= 2
        }
        #expect(later?.checks.map(\.name) == [name])
        #expect(later?.overall == .healthy)
        #expect(daemon.isRunning)

        // Fixed again: the next reload clears the rejection from STATUS.
        try daemon.rewriteConfig(body: TestConfig.memory(name))
        let fixedMark = daemon.notify.datagrams.count
        daemon.process.signal(SIGHUP)
        let cleared = daemon.notify.first(from: fixedMark) {
            $0.fields["STATUS"].map { !$0.hasPrefix("reload rejected") } ?? false
        }
        #expect(cleared?.datagram.fields["STATUS"] == "HEALTHY · 1 check · 0 warning · 0 critical")
    }

    @Test("A burst of 20 SIGHUPs is coalesced into fewer reloads, and the daemon stays healthy")
    func burstCoalesced() throws {
        let names = [TestConfig.uniqueName("burst_memory"), TestConfig.uniqueName("burst_dummy")]
        let daemon = try DaemonProcess(body: TestConfig.memory(names[0]) + TestConfig.dummy(names[1], code: 0))
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try #require(daemon.waitForReport { $0.summary.healthy == 2 }, "not HEALTHY: \(daemon.output)")
        let mark = daemon.notify.datagrams.count
        for _ in 0..<20 { kill(daemon.process.pid, SIGHUP) }
        pause(.seconds(3))
        let after = daemon.notify.datagrams.dropFirst(mark)
        let reloads = after.filter { $0.has("RELOADING", "1") }.count
        let readies = after.filter { $0.has("READY", "1") }.count
        print("reload: 20 SIGHUPs in a burst gave \(reloads) reloads")
        #expect((1..<20).contains(reloads), "\(reloads) reloads for 20 SIGHUPs")
        #expect(readies == reloads)
        #expect(daemon.isRunning, "\(daemon.output)")
        let before = try #require(daemon.report)
        let later = daemon.waitForReport(timeout: .seconds(10)) { $0.timestamp.timeIntervalSince(before.timestamp) >= 1 }
        #expect(later?.overall == .healthy)
        #expect(later?.checks.map(\.name) == names)
    }

    @Test("A changed conninfo makes its postgres checks changed checks: they start afresh with the new one")
    func changedConninfo() throws {
        let cluster = try PostgresCluster()
        defer { cluster.shutdown() }
        let password = "Reload-\(UInt32.random(in: 100_000...999_999))"
        try cluster.setPassword(user: "vigil_reload", password: password)
        let name = TestConfig.uniqueName("reconnect")
        let memory = TestConfig.uniqueName("reconnect_memory")
        func body(_ password: String) -> String {
            TestConfig.database("main", conninfo: cluster.conninfo(user: "vigil_reload", password: password))
                + TestConfig.postgres(name, database: "main") + TestConfig.memory(memory)
        }
        let daemon = try DaemonProcess(body: body("not-\(password)"))
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try #require(daemon.waitForResult(of: name, .critical), "the wrong password connected: \(daemon.output)")

        try daemon.rewriteConfig(body: body(password))
        daemon.process.signal(SIGHUP)
        #expect(daemon.waitForResult(of: name, .healthy) != nil, "\(daemon.output)")
        #expect(daemon.process.waitForOutput(containing: "0 added, 0 removed, 1 changed, 1 unchanged"), "\(daemon.output)")
        // Started afresh: its first result is announced as such, not as a recovery from CRITICAL.
        #expect(daemon.process.waitForOutput(containing: "info \(name) is HEALTHY: "), "\(daemon.output)")
        #expect(!daemon.output.contains("\(name) is HEALTHY (was CRITICAL)"), "\(daemon.output)")
        #expect(!daemon.output.contains(password), "the password is on stderr")
    }
}
