import Foundation
import Testing
import VigilCore

@Suite struct StatusTrackerTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let database = CheckDefinition(name: "database", kind: .postgres(PostgresCheckSettings(database: "primary")))
    let memory = CheckDefinition(name: "memory", kind: .memory)

    func result(_ status: Status, _ message: String = "m", breach: ThresholdBreach? = nil) -> CheckResult {
        CheckResult(name: "database", kind: "postgres", status: status, message: message, durationMs: 4,
                    metrics: ["latency_ms": 4], timestamp: now, breach: breach)
    }

    @Test func reportListsNeverRunChecksAsUnknown() {
        var tracker = StatusTracker()
        tracker.record(result(.healthy))
        let report = tracker.report(for: [database, memory], at: now)
        #expect(report.checks.map(\.status) == [.healthy, .unknown])
        #expect(report.checks[1].message == "not run yet")
        #expect(report.overall == .warning)
    }

    @Test func retainForgetsRemovedChecksOnly() {
        var tracker = StatusTracker()
        tracker.record(result(.critical))
        tracker.retain(only: ["database"])
        #expect(tracker.latest.keys.sorted() == ["database"])
        tracker.retain(only: ["memory"])
        #expect(tracker.latest.isEmpty)
    }

    @Test func fieldNamesAreJournalSafe() {
        #expect(JournalEvent.fieldName("/var=used.bytes") == "_VAR_USED_BYTES")
        #expect(JournalEvent.fieldName("latency_ms") == "LATENCY_MS")
    }

    @Test func messageIDsAreDistinct128BitHex() {
        let ids = EventKind.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit) && id == id.lowercased())
        }
    }
}
