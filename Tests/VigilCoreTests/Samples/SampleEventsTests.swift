import Testing
import VigilCore

/// Each finding is an entry of its own kind with the seed's fields; a check's own duration is a
/// notice without a status, a sample's finding a warning (or an error when it makes it CRITICAL).
@Suite struct SampleEventsTests {
    @Test("the seed's fields, per finding")
    func fields() {
        let degraded = JournalEvent.sampleFinding(.degraded(durationMs: 61.5, baselineMs: 20.25, ratio: 3.037), operation: "slowest_query", status: .warning)
        #expect(degraded.kind == .sampleDegraded && degraded.priority == .warning)
        #expect(["OPERATION", "FINDING", "STATUS", "DURATION_MS", "BASELINE_MS", "RATIO"].map { degraded.value(of: $0) }
                == ["slowest_query", "degraded", "WARNING", "61.5", "20.25", "3.04"])
        #expect(degraded.message == "slowest_query: 61.5 ms is 3.04x the baseline of 20.25 ms")
        let growth = JournalEvent.sampleFinding(.memoryGrowth(memoryBytes: 350e6, deltaBytes: 150e6), operation: "api_unit", status: .critical)
        #expect(growth.priority == .error && growth.value(of: "MEMORY_BYTES") == "350000000" && growth.value(of: "MEMORY_DELTA_BYTES") == "150000000")
        let leak = JournalEvent.sampleFinding(.memoryLeak(memoryBytes: 400e6, megabytesPerHour: 12.5), operation: "api_unit", status: .warning)
        #expect(leak.kind == .sampleMemoryLeak && leak.value(of: "LEAK_MB_PER_HOUR") == "12.5")
        let cpu = JournalEvent.sampleFinding(.cpu(percent: 97.5), operation: "replay", status: .warning)
        #expect(cpu.kind == .sampleCPU && cpu.value(of: "CPU_PERCENT") == "97.5")
        let failed = JournalEvent.sampleFinding(.failed(error: "timeout"), operation: "q", status: .critical)
        #expect(failed.kind == .sampleFailed && failed.value(of: "ERROR") == "timeout")
    }

    @Test("a check's own duration: a notice without STATUS; an ended finding names it")
    func checksOwnDuration() {
        let own = JournalEvent.sampleFinding(.degraded(durationMs: 30, baselineMs: 10, ratio: 3), operation: "db", status: nil)
        #expect(own.priority == .notice && own.value(of: "STATUS") == nil)
        let ended = JournalEvent.sampleRecovered(.degraded, operation: "db", now: "11 ms, baseline 12 ms")
        #expect(ended.kind == .sampleRecovered && ended.value(of: "FINDING") == "degraded")
        #expect(ended.message == "db: no longer degraded: 11 ms, baseline 12 ms")
    }
}
