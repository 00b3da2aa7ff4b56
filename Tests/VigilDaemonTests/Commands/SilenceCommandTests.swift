import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

/// `vigil silence` against a real daemon: a silenced failing check opens no incident and runs no
/// remediation (the journal read back), `--list` shows the silence, `--remove` ends it and the
/// incident opens; a `[[maintenance]]` window in force is journaled and listed, and a garbage
/// silences.json is set aside.
@Suite("vigil silence", .serialized)
struct SilenceCommandTests {
    @Test("a silenced failing check opens no incident and runs no step; removing the silence opens its incident")
    func silenceListRemove() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let target = directory.file("target")
        let remediated = directory.file("remediated")
        #expect(FileManager.default.createFile(atPath: target, contents: Data()))
        let check = TestConfig.uniqueName("silenced")
        let plan = TestConfig.uniqueName("mark")
        let daemon = try DaemonProcess(body: RemediationTests.fileCheck(check, path: target, plan: plan)
                                           + RemediationTests.plan(plan, steps: [RemediationTests.exec(["/usr/bin/touch", remediated])]),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        #expect(daemon.waitForResult(of: check, .healthy) != nil)

        let silence = try VigilInvocation.run(["silence", "--checks", check, "--for", "1h", "--reason", "disk swap", "--by", "alice",
                                               "--config", daemon.configPath])
        #expect(silence.status == 0, "\(silence)")
        let id = try #require(silence.standardOutput.split(separator: " ").dropFirst().first.map(String.init), "\(silence)")
        #expect(Silence.isID(id), "\(silence)")
        #expect(silence.standardOutput.hasPrefix("silence \(id) of \(check) until "), "\(silence)")
        #expect(silence.standardOutput.hasSuffix("(by alice: disk swap)\n"), "\(silence)")
        let added = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.silenceAdded.messageID)", "SILENCE_ID=\(id)",
                                                                      "_PID=\(daemon.process.pid)"], timeout: .seconds(10)).first)
        #expect(added["CHECKS"] == check)
        #expect(added["BY"] == "alice")
        #expect(added["REASON"] == "disk swap")
        let kept = try String(contentsOfFile: directory.file("state/silences.json"), encoding: .utf8)
        #expect(kept.contains(id), "silences.json keeps it: \(kept)")

        // The target goes: the check is confirmed CRITICAL, but its plan is held back and no incident opens.
        #expect(unlink(target) == 0)
        let held = try #require(try JournalReader.entries(matching: ["PLAN=\(plan)", "SKIP_REASON=maintenance"], timeout: .seconds(20)).first)
        #expect(held["REASON"] == "held back by silence \(id)", "\(held)")
        let confirmed = try JournalReader.entries(matching: ["CHECK=\(check)", "STATE_TYPE=HARD", "STATUS=CRITICAL"], timeout: .seconds(10))
        #expect(!confirmed.isEmpty, "the check is still confirmed and journaled")
        let results = daemon.waitForResult(of: check, .critical)
        #expect(results != nil)
        #expect(try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=run"], count: 0).isEmpty, "no attempt while silenced")
        #expect(!FileManager.default.fileExists(atPath: remediated), "no step ran")
        #expect(daemon.document?.incidents.isEmpty == true, "no incident while silenced")
        #expect(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.incidentOpened.messageID)", "CHECKS=\(check)"], count: 0).isEmpty)

        let list = try VigilInvocation.run(["silence", "--list", "--config", daemon.configPath])
        #expect(list.status == 0, "\(list)")
        #expect(list.standardOutput.contains("silence \(id) of \(check) until "), "\(list)")
        let status = try VigilInvocation.run(["status", "--config", daemon.configPath])
        #expect(status.standardOutput.contains("silence \(id) of \(check)"), "vigil status shows it: \(status)")

        let remove = try VigilInvocation.run(["silence", "--remove", id, "--by", "bob", "--config", daemon.configPath])
        #expect(remove.status == 0, "\(remove)")
        #expect(remove.standardOutput == "silence \(id) removed\n", "\(remove)")
        let removed = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.silenceRemoved.messageID)", "SILENCE_ID=\(id)",
                                                                        "_PID=\(daemon.process.pid)"], timeout: .seconds(10)).first)
        #expect(removed["REMOVED_BY"] == "bob")
        let opened = try #require(IncidentDeskTests.incidents(writtenBy: daemon) { $0.contains { $0.checks == [check] } },
                                  "the check still CRITICAL opens its incident once the silence ends")
        #expect(opened.first?.title == "\(check) is CRITICAL")
        _ = try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.incidentOpened.messageID)", "CHECKS=\(check)"], timeout: .seconds(10))
        let again = try VigilInvocation.run(["silence", "--remove", id, "--config", daemon.configPath])
        #expect(again.status == 1, "\(again)")
        #expect(again.standardError.contains("has no silence \(id) in force"), "\(again)")
        let nothing = try VigilInvocation.run(["silence", "--list", "--config", daemon.configPath])
        #expect(nothing.standardOutput == "nothing silenced\n", "\(nothing)")
        #expect(daemon.terminate() == 0)
    }

    @Test("a silence and a check confirmed failing under it outlive a restart: removed after it, the incident opens")
    func silenceOutlivesARestart() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let target = directory.file("target")
        let check = TestConfig.uniqueName("restarted")
        let plan = TestConfig.uniqueName("mark")
        let body = RemediationTests.fileCheck(check, path: target, plan: plan)
            + RemediationTests.plan(plan, steps: [RemediationTests.exec(["/usr/bin/touch", directory.file("remediated")])])
        let first = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(first.waitForReady(), "no READY=1; output: \(first.output)")
        let silence = try VigilInvocation.run(["silence", "--for", "1h", "--reason", "restart test", "--config", first.configPath])
        #expect(silence.status == 0, "\(silence)")
        let id = try #require(silence.standardOutput.split(separator: " ").dropFirst().first.map(String.init), "\(silence)")
        #expect(silence.standardOutput.contains(" of every check until "), "\(silence)")
        _ = try JournalReader.entries(matching: ["PLAN=\(plan)", "SKIP_REASON=maintenance", "_PID=\(first.process.pid)"], timeout: .seconds(20))
        #expect(first.terminate() == 0)

        let second = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(second.waitForReady(), "no READY=1; output: \(second.output)")
        let list = try VigilInvocation.run(["silence", "--list", "--config", second.configPath])
        #expect(list.standardOutput.contains("silence \(id) of every check"), "kept in silences.json: \(list)")
        #expect(second.waitForResult(of: check, .critical) != nil)
        #expect(second.document?.incidents.isEmpty == true, "no incident while silenced")
        let remove = try VigilInvocation.run(["silence", "--remove", id, "--config", second.configPath])
        #expect(remove.status == 0, "\(remove)")
        let opened = IncidentDeskTests.incidents(writtenBy: second) { $0.contains { $0.checks == [check] } }
        #expect(opened != nil, "the failure confirmed before the restart opens its incident once the silence ends")
        #expect(second.terminate() == 0)
    }

    @Test("a silence ends at its time (journaled) and a window at its end: the check still failing opens its incident then")
    func coverEndsByItself() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("ending")
        let other = TestConfig.uniqueName("expiring")
        let window = TestConfig.uniqueName("short")
        let until = Date().addingTimeInterval(8).timeIntervalSince1970.rounded(.down)
        let untilText = WallClock.text(Date(timeIntervalSince1970: until))
        let daemon = try DaemonProcess(body: TestConfig.dummy(check, code: 2, message: "down")
                                           + TestConfig.dummy(other, code: 0, message: "up")
                                           + "[[maintenance]]\nname = \"\(window)\"\nchecks = [\"\(check)\"]\n"
                                           + "from = \(WallClock.text(Date().addingTimeInterval(-60)))\nuntil = \(untilText)\n",
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let silence = try VigilInvocation.run(["silence", "--checks", other, "--for", "1s", "--reason", "short", "--config", daemon.configPath])
        #expect(silence.status == 0, "\(silence)")
        let id = try #require(silence.standardOutput.split(separator: " ").dropFirst().first.map(String.init), "\(silence)")
        let expired = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.silenceExpired.messageID)", "SILENCE_ID=\(id)",
                                                                        "_PID=\(daemon.process.pid)"], timeout: .seconds(10)).first)
        #expect(expired["CHECKS"] == other)

        let ended = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.maintenanceEnded.messageID)", "MAINTENANCE=\(window)"],
                                                           timeout: .seconds(20)).first)
        #expect(ended["UNTIL"] == untilText)
        let opened = try #require(IncidentDeskTests.incidents(writtenBy: daemon) { $0.contains { $0.checks == [check] } },
                                  "the check still CRITICAL opens its incident when the window ends")
        let openedAt = try #require(opened.first { $0.checks == [check] }?.openedAt)
        #expect(openedAt.timeIntervalSince1970 >= until, "not before the window's end: \(WallClock.text(openedAt))")
        #expect(daemon.terminate() == 0)
    }

    @Test("a window in force is journaled and listed; a garbage silences.json is set aside and reported")
    func windowAndGarbageFile() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: directory.file("state"), withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: directory.file("state/silences.json"), contents: Data("not json".utf8)))
        let check = TestConfig.uniqueName("window")
        let window = TestConfig.uniqueName("upgrade")
        let from = WallClock.text(Date().addingTimeInterval(-60)), until = WallClock.text(Date().addingTimeInterval(3600))
        let daemon = try DaemonProcess(body: TestConfig.dummy(check, code: 2, message: "down")
                                           + "[[maintenance]]\nname = \"\(window)\"\nchecks = [\"\(check)\"]\nfrom = \(from)\nuntil = \(until)\n",
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let started = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.maintenanceStarted.messageID)",
                                                                        "MAINTENANCE=\(window)"], timeout: .seconds(10)).first)
        #expect(started["CHECKS"] == check)
        #expect(started["UNTIL"] == until)
        let aside = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.stateSetAside.messageID)",
                                                                      "STATE_FILE=\(directory.file("state/silences.json"))"],
                                                           timeout: .seconds(10)).first)
        #expect(aside["MOVED_TO"]?.contains("silences.json.corrupt-") == true, "\(aside)")
        #expect(daemon.waitForResult(of: check, .critical) != nil)
        let list = try VigilInvocation.run(["silence", "--list", "--format", "json", "--config", daemon.configPath])
        #expect(list.status == 0, "\(list)")
        #expect(list.standardOutput.contains("\"name\" : \"\(window)\""), "\(list)")
        _ = try JSONKeyNamingTests.keys(of: list.standardOutput, "vigil silence --list")
        #expect(daemon.document?.incidents.isEmpty == true, "no incident inside the window")
        #expect(daemon.terminate() == 0)
    }
}
