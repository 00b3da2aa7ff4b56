import Foundation
import Testing
import VigilCore
@testable import VigilSystemd
import VigilTestSupport

/// Entries written through the native protocol, read back from a real journald.
@Suite struct JournalWriterTests {
    /// A check name no other test uses, so parallel tests never read each other's entries.
    private func uniqueCheck() -> String { "journal-writer-" + UUID().uuidString.lowercased() }

    @Test func entryCarriesMessagePriorityIdentifierMessageIDAndEveryField() throws {
        let check = uniqueCheck()
        let event = JournalEvent(kind: .checkCritical, priority: .critical,
                                 message: "\(check) is CRITICAL (was HEALTHY): timed out after 5s",
                                 fields: [.init("CHECK", check), .init("CHECK_KIND", "postgres"),
                                          .init("STATUS", "CRITICAL"), .init("PREVIOUS_STATUS", "HEALTHY"),
                                          .init("DURATION_MS", "5000.4"), .init("REASON", "timed out after 5s")])
        JournalWriter().write(event)

        let entry = try #require(try JournalReader.entries(matching: ["CHECK=\(check)"]).only)
        #expect(entry["MESSAGE"] == event.message)
        #expect(entry["PRIORITY"] == "2")
        #expect(entry["SYSLOG_IDENTIFIER"] == "vigil")
        #expect(entry["MESSAGE_ID"] == "90ec9d9535574aae96f1e1d77a3213f8")
        for field in event.fields {
            #expect(entry[field.name] == field.value, "\(field.name)")
        }
        #expect(entry["_TRANSPORT"] == "journal")
        #expect(entry["_PID"] == String(getpid()))
    }

    @Test func aStatusChangeFromTheCoreIsFoundByMessageIDAndCheck() throws {
        let check = uniqueCheck()
        let result = CheckResult(name: check, kind: "disk", status: .warning, message: "free_percent 12 < warning 15",
                                 durationMs: 3.5, metrics: ["free_percent": 12, "inodes_free_percent": 80],
                                 timestamp: Date())
        JournalWriter().write(.statusChanged(result, previous: .healthy, severity: .p1))

        let entries = try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.checkWarning.messageID)", "CHECK=\(check)"])
        let entry = try #require(entries.only)
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["STATUS"] == "WARNING")
        #expect(entry["PREVIOUS_STATUS"] == "HEALTHY")
        #expect(entry["SEVERITY"] == "P1")
        #expect(entry["METRIC_FREE_PERCENT"] == "12")
        #expect(entry["METRIC_INODES_FREE_PERCENT"] == "80")
    }

    @Test func multiLineValuesSurviveIntact() throws {
        let check = uniqueCheck()
        let reason = "line one\nline two\n\ttabbed = \"quoted\""
        JournalWriter().write(JournalEvent(kind: .daemonError, priority: .error, message: "two\nlines",
                                           fields: [.init("CHECK", check), .init("REASON", reason)]))
        let entry = try #require(try JournalReader.entries(matching: ["CHECK=\(check)"]).only)
        #expect(entry["MESSAGE"] == "two\nlines")
        #expect(entry["REASON"] == reason)
        #expect(entry["PRIORITY"] == "3")
    }

    @Test func anEventWithoutKindHasNoMessageID() throws {
        let check = uniqueCheck()
        JournalWriter(identifier: "vigil-test").write(
            JournalEvent(kind: nil, priority: .debug, message: "free-form", fields: [.init("CHECK", check)]))
        let entry = try #require(try JournalReader.entries(matching: ["CHECK=\(check)"]).only)
        #expect(entry["MESSAGE_ID"] == nil)
        #expect(entry["SYSLOG_IDENTIFIER"] == "vigil-test")
        #expect(entry["PRIORITY"] == "7")
    }

    @Test func invalidFieldNamesAreSanitisedNotLostAndCannotForgeTrustedFields() throws {
        let check = uniqueCheck()
        let long = String(repeating: "L", count: 80)
        JournalWriter().write(JournalEvent(kind: .checkUnknown, priority: .warning, message: "odd names", fields: [
            .init("CHECK", check), .init("plan.step", "2"), .init("_PID", "1"), .init("__CURSOR", "x"),
            .init("1st", "first"), .init("MESSAGE", "not the message"), .init("priority", "0"),
            .init("", "nameless"), .init("___", "underscores only"), .init(long, "long"),
        ]))
        let entry = try #require(try JournalReader.entries(matching: ["CHECK=\(check)"]).only)
        #expect(entry["PLAN_STEP"] == "2")
        #expect(entry["_PID"] == String(getpid()))
        #expect(entry["PID"] == "1")
        #expect(entry["CURSOR"] == "x")
        #expect(entry["FIELD_1ST"] == "first")
        #expect(entry["MESSAGE"] == "odd names")
        #expect(entry["FIELD_MESSAGE"] == "not the message")
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["FIELD_PRIORITY"] == "0")
        #expect(entry[String(repeating: "L", count: 64)] == "long")
        #expect(!entry.values.contains("nameless"))
        #expect(!entry.values.contains("underscores only"))
    }

    @Test(arguments: [
        ("CHECK", "CHECK"),
        ("check_kind", "CHECK_KIND"),
        ("latency-ms", "LATENCY_MS"),
        ("plan.step", "PLAN_STEP"),
        ("_SYSTEMD_UNIT", "SYSTEMD_UNIT"),
        ("9lives", "FIELD_9LIVES"),
        ("MESSAGE_ID", "FIELD_MESSAGE_ID"),
        ("syslog_identifier", "FIELD_SYSLOG_IDENTIFIER"),
        ("Grüße", "GR_SSE"),
    ])
    func fieldNamesAreMadeJournalSafe(name: String, expected: String) {
        #expect(JournalFieldName.sanitized(name) == expected)
    }

    @Test(arguments: ["", "_", "___"])
    func namesWithNothingLeftAreDropped(name: String) {
        #expect(JournalFieldName.sanitized(name) == nil)
    }
}

extension Array {
    /// The single element, or `nil` when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
