import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

/// `[release]` in a real daemon: each deployment journaled (read back), a version becoming the
/// last known good only while no check is confirmed CRITICAL, `releases.json`, `vigil releases`,
/// `vigil status`; a version command that hangs is killed and said once.
@Suite("Release tracking", .serialized)
struct ReleaseTrackingTests {
    static func release(_ source: String, stableFor: String = "3s", extra: String = "") -> String {
        "[release]\n\(source)\nevery = \"1s\"\nstable_for = \"\(stableFor)\"\n\(extra)\n"
    }

    static func write(_ text: String, to path: String) {
        #expect(FileManager.default.createFile(atPath: path + ".new", contents: Data(text.utf8)))
        #expect(rename(path + ".new", path) == 0)
    }

    @Test("a deployment is journaled, becomes the last known good after stable_for, but not while a check is CRITICAL")
    func deploymentsAndLastKnownGood() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let target = directory.file("target")
        let versionFile = directory.file("VERSION")
        #expect(FileManager.default.createFile(atPath: target, contents: Data()))
        Self.write("1.0\n", to: versionFile)
        let check = TestConfig.uniqueName("api")
        let daemon = try DaemonProcess(body: RemediationTests.fileCheck(check, path: target, plan: nil)
                                           + Self.release("version_file = \(TestConfig.quoted(versionFile))"),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let pid = "_PID=\(daemon.process.pid)"
        let first = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseChanged.messageID)", "RELEASE=1.0", pid],
                                                           timeout: .seconds(10)).first)
        #expect(first["PREVIOUS_RELEASE"] == nil)
        #expect(first["RELEASE_SOURCE"] == "version_file \(versionFile)")
        let good = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseGood.messageID)", "RELEASE=1.0", pid],
                                                          timeout: .seconds(15)).first)
        #expect(good["STABLE_FOR"] == "3s")

        // A new release, and at once a check fails: it must not become good while the check is CRITICAL.
        Self.write("1.1\n", to: versionFile)
        #expect(unlink(target) == 0)
        let changed = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseChanged.messageID)", "RELEASE=1.1", pid],
                                                             timeout: .seconds(10)).first)
        #expect(changed["PREVIOUS_RELEASE"] == "1.0")
        #expect(changed["LAST_KNOWN_GOOD"] == "1.0")
        #expect(daemon.waitForResult(of: check, .critical) != nil)
        _ = try JournalReader.entries(matching: ["CHECK=\(check)", "STATE_TYPE=HARD", "STATUS=CRITICAL", pid], timeout: .seconds(15))
        Thread.sleep(forTimeInterval: 5)
        let held = try VigilInvocation.run(["releases", "--format", "json", "--config", daemon.configPath])
        #expect(held.status == 0, "\(held)")
        let list = try JSONSerialization.jsonObject(with: Data(held.standardOutput.utf8)) as? [String: Any]
        #expect(list?["running"] as? String == "1.1", "\(held)")
        #expect(list?["lastKnownGood"] as? String == "1.0", "1.1 ran 5s with a CRITICAL check: not good. \(held)")
        #expect(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseGood.messageID)", "RELEASE=1.1", pid], count: 0).isEmpty)
        let document = try #require(daemon.document)
        #expect(document.release?.running == "1.1")
        #expect(document.release?.lastKnownGood == "1.0")
        #expect(document.release?.goodAt == nil, "no deadline while a check is CRITICAL")

        // The check recovers: 1.1 counts from then and becomes good.
        #expect(FileManager.default.createFile(atPath: target, contents: Data()))
        _ = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseGood.messageID)", "RELEASE=1.1", pid],
                                                   timeout: .seconds(25)).first)
        // status.json is rewritten at most once a second: wait for the one after the entry.
        let deadline = Date().addingTimeInterval(5)
        while daemon.document?.release?.lastKnownGood != "1.1", Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let text = try VigilInvocation.run(["releases", "--config", daemon.configPath])
        let rows = text.standardOutput.split(separator: "\n").map(String.init)
        #expect(rows.count == 3, "\(text)")
        #expect(rows.dropFirst().first?.hasPrefix("1.1 ") == true && rows.dropFirst().first?.hasSuffix("running, last known good") == true, "\(text)")
        #expect(rows.last?.hasPrefix("1.0 ") == true && rows.last?.hasSuffix("  good") == true, "1.0 was good, not marked: \(text)")
        let status = try VigilInvocation.run(["status", "--config", daemon.configPath])
        #expect(status.standardOutput.contains("release 1.1 since "), "\(status)")
        #expect(status.standardOutput.contains(", the last known good"), "\(status)")
        #expect(daemon.terminate() == 0)
        let kept = try String(contentsOfFile: directory.file("state/releases.json"), encoding: .utf8)
        #expect(kept.contains("\"1.0\"") && kept.contains("\"1.1\""), "\(kept)")

        // A restart keeps what was learnt: the same version is no change, and the last known good stays.
        let again = try DaemonProcess(body: RemediationTests.fileCheck(check, path: target, plan: nil)
                                          + Self.release("version_file = \(TestConfig.quoted(versionFile))"),
                                      logTarget: "journal", directory: directory)
        _ = try #require(again.waitForReady(), "no READY=1; output: \(again.output)")
        Thread.sleep(forTimeInterval: 2)
        #expect(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseChanged.messageID)", "_PID=\(again.process.pid)"],
                                          count: 0).isEmpty, "1.1 still runs: no change to journal")
        #expect(again.document?.release?.lastKnownGood == "1.1")
        #expect(again.terminate() == 0)
    }

    @Test("a version command that hangs is killed at its timeout and said once; a good read is said as recovered")
    func hangingCommand() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let script = directory.file("version")
        let flag = directory.file("hang")
        #expect(FileManager.default.createFile(atPath: flag, contents: Data()))
        #expect(FileManager.default.createFile(atPath: script, contents: Data("""
            #!/bin/sh
            if [ -e \(TestConfig.quoted(flag)) ]; then exec sleep 30; fi
            echo 2.0
            """.utf8), attributes: [.posixPermissions: 0o755]))
        let daemon = try DaemonProcess(body: TestConfig.check(TestConfig.uniqueName("disk"), kind: "disk", interval: "1s", timeout: "900ms",
                                                              extra: ["path = \"/\""])
                                           + Self.release("version_command = [\(TestConfig.quoted(script))]", extra: "timeout = \"1s\""),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let pid = "_PID=\(daemon.process.pid)"
        let failed = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseReadFailed.messageID)", pid],
                                                            timeout: .seconds(10)).first)
        #expect(failed["REASON"] == "\(script) timed out after 1s; process group killed", "\(failed)")
        #expect(failed["PRIORITY"] == "4")
        Thread.sleep(forTimeInterval: 3)
        #expect(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseReadFailed.messageID)", pid], count: 1).count == 1,
                "said once per episode")
        #expect(daemon.document?.release?.readError?.contains("timed out") == true)
        #expect(unlink(flag) == 0)
        let recovered = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseReadFailed.messageID)", "RECOVERED=1", pid],
                                                               timeout: .seconds(10)).first)
        #expect(recovered["RELEASE"] == "2.0")
        _ = try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.releaseChanged.messageID)", "RELEASE=2.0", pid], timeout: .seconds(10))
        #expect(daemon.terminate() == 0)
    }

    @Test("a version file that is missing, empty, binary, huge or a folder is refused with the reason")
    func badVersionFiles() throws {
        let directory = try ScratchDirectory()
        func read(_ path: String) -> String {
            switch ReleaseVersionReader.read(ReleaseSettings(source: .file(path))) {
            case .success(let version): "version \(version)"
            case .failure(let problem): problem.description
            }
        }
        #expect(read(directory.file("missing")) == "cannot open \(directory.file("missing")): No such file or directory")
        let empty = directory.file("empty")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(read(empty) == "\(empty): it is empty")
        let binary = directory.file("binary")
        #expect(FileManager.default.createFile(atPath: binary, contents: Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0xFF, 0x00, 0x0A])))
        #expect(read(binary) == "\(binary): the first line is not UTF-8 text")
        let huge = directory.file("huge")
        #expect(FileManager.default.createFile(atPath: huge, contents: Data(repeating: 0x39, count: 1_000_000)))
        #expect(read(huge) == "\(huge): its first line is 4096 bytes, more than a version's 200")
        #expect(read(directory.path) == "\(directory.path) is not a regular file")
        let good = directory.file("good")
        #expect(FileManager.default.createFile(atPath: good, contents: Data("  3.1.4 \nsecond line\n".utf8)))
        #expect(read(good) == "version 3.1.4")
    }
}
