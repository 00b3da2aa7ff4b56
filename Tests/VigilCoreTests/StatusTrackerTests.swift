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

    @Test func onlyChangesAreJournaled() {
        var tracker = StatusTracker()
        let sequence: [(Status, EventKind?, JournalPriority?)] = [
            (.healthy, .checkHealthy, .info),
            (.healthy, nil, nil),
            (.critical, .checkCritical, .critical),
            (.critical, nil, nil),
            (.warning, .checkWarning, .warning),
            (.healthy, .checkRecovered, .notice),
            (.unknown, .checkUnknown, .warning),
            (.healthy, .checkHealthy, .info),
        ]
        for (status, kind, priority) in sequence {
            let event = tracker.record(result(status), severity: .p0)
            #expect(event?.kind == kind, "\(status)")
            #expect(event?.priority == priority, "\(status)")
        }
    }

    @Test func entryCarriesTheFieldsThatExplainIt() throws {
        var tracker = StatusTracker()
        _ = tracker.record(result(.healthy), severity: .p0)
        let breach = ThresholdBreach(status: .critical, metric: "latency_ms", value: 1250, threshold: 1000,
                                     direction: .higherIsWorse)
        let recorded = tracker.record(result(.critical, "latency_ms 1250 > critical 1000", breach: breach), severity: .p0)
        let event = try #require(recorded)
        #expect(event.message == "database is CRITICAL (was HEALTHY): latency_ms 1250 > critical 1000")
        #expect(event.value(of: "CHECK") == "database")
        #expect(event.value(of: "CHECK_KIND") == "postgres")
        #expect(event.value(of: "STATUS") == "CRITICAL")
        #expect(event.value(of: "PREVIOUS_STATUS") == "HEALTHY")
        #expect(event.value(of: "SEVERITY") == "P0")
        #expect(event.value(of: "DURATION_MS") == "4")
        #expect(event.value(of: "METRIC") == "latency_ms")
        #expect(event.value(of: "VALUE") == "1250")
        #expect(event.value(of: "THRESHOLD") == "1000")
        #expect(event.value(of: "METRIC_LATENCY_MS") == "4")
        #expect(event.kind?.messageID == "90ec9d9535574aae96f1e1d77a3213f8")
    }

    @Test func reportListsNeverRunChecksAsUnknown() {
        var tracker = StatusTracker()
        _ = tracker.record(result(.healthy), severity: .p0)
        let report = tracker.report(for: [database, memory], at: now)
        #expect(report.checks.map(\.status) == [.healthy, .unknown])
        #expect(report.checks[1].message == "not run yet")
        #expect(report.overall == .warning)
    }

    @Test func retainForgetsRemovedChecksOnly() {
        var tracker = StatusTracker()
        _ = tracker.record(result(.critical), severity: .p0)
        tracker.retain(only: ["memory"])
        #expect(tracker.latest.isEmpty)
        // Forgotten: its next result is a first result again.
        #expect(tracker.record(result(.critical), severity: .p0)?.value(of: "PREVIOUS_STATUS") == "UNKNOWN")
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
