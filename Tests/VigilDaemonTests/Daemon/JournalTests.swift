import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// The daemon's status changes in a real journald, read back with `journalctl -o json`.
@Suite("vigil run: journald entries", .serialized)
struct JournalTests {
    @Test("Each status change is one entry with its MESSAGE_ID, PRIORITY and check fields")
    func statusChanges() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        // A plugin whose exit code the test sets through a file (test code, so a shell is fine here).
        let plugin = try directory.write("plugin.sh", "read code < \"$1\"\necho \"state $code | value=$code\"\nexit \"$code\"\n")
        let state = try directory.write("state", "0\n")
        let name = TestConfig.uniqueName("journal_changes")
        let daemon = try DaemonProcess(body: TestConfig.command(name, ["/bin/sh", plugin, state]),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")

        let steps: [(code: Int, kind: EventKind, priority: String, status: String, previous: String)] = [
            (0, .checkHealthy, "6", "HEALTHY", "UNKNOWN"),
            (2, .checkCritical, "2", "CRITICAL", "HEALTHY"),
            (1, .checkWarning, "4", "WARNING", "CRITICAL"),
            (0, .checkRecovered, "5", "HEALTHY", "WARNING"),
        ]
        for (index, step) in steps.enumerated() {
            try directory.write("state", "\(step.code)\n")
            let entries = try JournalReader.entries(matching: ["CHECK=\(name)"], count: index + 1, timeout: .seconds(10))
            let entry = try #require(entries.last)
            #expect(entry["MESSAGE_ID"] == step.kind.messageID, "\(entry)")
            #expect(entry["PRIORITY"] == step.priority, "\(entry)")
            #expect(entry["STATUS"] == step.status, "\(entry)")
            #expect(entry["PREVIOUS_STATUS"] == step.previous, "\(entry)")
            #expect(entry["SYSLOG_IDENTIFIER"] == "vigil")
            #expect(entry["CHECK_KIND"] == "command")
            #expect(entry["DURATION_MS"].flatMap(Double.init).map { $0 >= 0 && $0 < 1500 } == true, "\(entry)")
            #expect(entry["METRIC_VALUE"] == "\(step.code)", "\(entry)")
            #expect(entry["MESSAGE"]?.hasPrefix("\(name) is \(step.status)") == true, "\(entry)")
        }
        // Runs go on every second; none of them adds an entry without a change.
        pause(.milliseconds(2500))
        #expect(try JournalReader.entries(matching: ["CHECK=\(name)"], count: 0).count == steps.count)
        #expect(!daemon.output.contains(name), "events went to stderr as well: \(daemon.output)")
    }

    @Test("A stable check writes exactly one entry over several runs")
    func stableCheck() throws {
        try JournalReader.requirePrivateJournald()
        let name = TestConfig.uniqueName("journal_stable")
        let daemon = try DaemonProcess(body: TestConfig.memory(name), logTarget: "journal")
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try JournalReader.entries(matching: ["CHECK=\(name)"], timeout: .seconds(10))
        pause(.seconds(4))
        let entries = try JournalReader.entries(matching: ["CHECK=\(name)"], count: 0)
        #expect(entries.count == 1, "\(entries)")
        #expect(entries.first?["MESSAGE_ID"] == EventKind.checkHealthy.messageID)
    }

    @Test("--log-target auto without a journal stream on stderr writes readable lines to stderr, not the journal",
          arguments: [nil, "1:1"] as [String?])
    func autoPicksConsole(journalStream: String?) throws {
        try JournalReader.requirePrivateJournald()
        let name = TestConfig.uniqueName("auto_console")
        let daemon = try DaemonProcess(body: TestConfig.memory(name), logTarget: "auto",
                                       environment: journalStream.map { ["JOURNAL_STREAM": $0] } ?? [:])
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        #expect(daemon.process.waitForOutput(containing: "info \(name) is HEALTHY: "), "\(daemon.output)")
        let line = try #require(daemon.output.split(separator: "\n").first { $0.contains(" info \(name) is HEALTHY: ") })
        #expect(!line.contains("["), "the message only: \(line)")
        #expect(!daemon.output.contains("CHECK="), "no journal fields without --fields: \(daemon.output)")
        pause(.milliseconds(500))
        #expect(try JournalReader.entries(matching: ["CHECK=\(name)"], count: 0).isEmpty)
    }

    @Test("on the console, --fields or --log-level debug follow each message with its journal fields",
          arguments: [["--fields"], ["--log-level", "debug"]])
    func consoleFields(arguments: [String]) throws {
        let name = TestConfig.uniqueName("console_fields")
        let daemon = try DaemonProcess(body: TestConfig.memory(name), arguments: arguments)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        #expect(daemon.process.waitForOutput(containing: "info \(name) is HEALTHY: "), "\(daemon.output)")
        let line = try #require(daemon.output.split(separator: "\n").first { $0.contains(" info \(name) is HEALTHY: ") })
        for field in [" [CHECK=\(name) ", "CHECK_KIND=memory", "STATUS=HEALTHY", "STATE_TYPE=HARD"] {
            #expect(line.contains(field), "\(line)")
        }
    }

    @Test("--log-target auto with stderr connected to journald (JOURNAL_STREAM matching it) writes native entries")
    func autoPicksJournal() throws {
        try JournalReader.requirePrivateJournald()
        let name = TestConfig.uniqueName("auto_journal")
        // systemd-cat connects stderr to journald; the shell then names that stream as systemd would.
        let launcher = ["/usr/bin/systemd-cat", "-t", "vigil-auto-test", "/bin/sh", "-c",
                        "export JOURNAL_STREAM=$(/usr/bin/stat -L -c %d:%i /proc/$$/fd/2); exec \"$@\"", "sh"]
        let daemon = try DaemonProcess(body: TestConfig.memory(name), logTarget: "auto", launcher: launcher)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let entries = try JournalReader.entries(matching: ["CHECK=\(name)"], timeout: .seconds(10))
        // Native entries: the structured fields are there, and the identifier is vigil's own.
        #expect(entries.first?["CHECK_KIND"] == "memory", "\(entries)")
        #expect(entries.first?["SYSLOG_IDENTIFIER"] == "vigil", "\(entries)")
        #expect(entries.first?["MESSAGE_ID"] == EventKind.checkHealthy.messageID, "\(entries)")
    }

    @Test("--log-level drops the events less important than it")
    func logLevel() throws {
        let healthy = TestConfig.uniqueName("level_healthy")
        let failing = TestConfig.uniqueName("level_failing")
        let daemon = try DaemonProcess(body: TestConfig.memory(healthy) + TestConfig.dummy(failing, code: 1, message: "meh"),
                                       arguments: ["--log-level", "warning"])
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        #expect(daemon.process.waitForOutput(containing: "warning \(failing) is WARNING: "), "\(daemon.output)")
        _ = daemon.waitForResult(of: healthy, .healthy)
        pause(.milliseconds(300))
        #expect(!daemon.output.contains(healthy), "an info event passed --log-level warning: \(daemon.output)")
        #expect(!daemon.output.contains(" started: "), "\(daemon.output)")
    }
}
