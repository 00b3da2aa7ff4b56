import Foundation
import Logging
import Testing
import VigilCore
import VigilSystemd
import VigilTestSupport

@Suite struct JournalLogHandlerTests {
    private func logger(_ label: String, level: Logger.Level = .info) -> Logger {
        Logger(label: label) { JournalLogHandler(label: $0, sink: JournalWriter(), logLevel: level) }
    }

    @Test func logsReachTheJournalWithLoggerAndMetadataFields() throws {
        let label = "vigil.test." + UUID().uuidString.lowercased()
        var log = logger(label)
        log[metadataKey: "check"] = "database"
        log.warning("reload rejected", metadata: ["config-file": "/etc/vigil/vigil.toml", "attempt": "2"])

        let entry = try #require(try JournalReader.entries(matching: ["LOGGER=\(label)"]).first)
        #expect(entry["MESSAGE"] == "reload rejected")
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["SYSLOG_IDENTIFIER"] == "vigil")
        #expect(entry["MESSAGE_ID"] == nil)
        #expect(entry["CHECK"] == "database")
        #expect(entry["CONFIG_FILE"] == "/etc/vigil/vigil.toml")
        #expect(entry["ATTEMPT"] == "2")
    }

    @Test func levelsBelowTheHandlersAreNotWritten() throws {
        let label = "vigil.test." + UUID().uuidString.lowercased()
        let log = logger(label, level: .notice)
        log.info("too chatty")
        log.error("worth saying")
        let entries = try JournalReader.entries(matching: ["LOGGER=\(label)"])
        #expect(entries.map { $0["MESSAGE"] } == ["worth saying"])
        #expect(entries.first?["PRIORITY"] == "3")
    }

    @Test(arguments: [
        (Logger.Level.trace, JournalPriority.debug), (.debug, .debug), (.info, .info), (.notice, .notice),
        (.warning, .warning), (.error, .error), (.critical, .critical),
    ])
    func levelsMapToSyslogPriorities(level: Logger.Level, priority: JournalPriority) {
        #expect(JournalLogHandler.priority(for: level) == priority)
    }

    @Test func metadataIsAValuePerHandler() {
        var first = JournalLogHandler(label: "a", sink: ConsoleWriter())
        let second = first
        first[metadataKey: "check"] = "x"
        #expect(first.metadata["check"] == "x")
        #expect(second.metadata["check"] == nil)
    }
}
