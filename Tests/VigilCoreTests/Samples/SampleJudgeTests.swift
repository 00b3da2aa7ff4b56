import Foundation
import Testing
import VigilCore

/// The seed's PerformanceMonitor rules at their edges, with a manual clock: degradation against a
/// full window, memory growth across it, a leak's steady climb, CPU over its span, a failure.
@Suite struct SampleJudgeTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ second: Double) -> Date { t0.addingTimeInterval(second) }

    /// Feeds durations one a second from `start`; returns the last judgement.
    @discardableResult
    static func feed(_ judge: inout SampleJudge, _ durations: [Double], rules: SampleRules = SampleRules(), from start: Double = 0)
        -> SampleJudge.Judgement? {
        var last: SampleJudge.Judgement?
        for (offset, duration) in durations.enumerated() {
            last = judge.judge(.init(durationMs: duration), rules: rules, at: at(start + Double(offset)))
        }
        return last
    }

    static func fresh() -> SampleJudge { SampleJudge(baseline: OperationBaseline(measures: "sql main")) }

    @Test("no degradation while the window warms up, however slow")
    func warmUp() {
        var judge = Self.fresh()
        let judgements = (0..<10).map { judge.judge(.init(durationMs: $0 == 9 ? 500 : 10), rules: SampleRules(), at: Self.at(Double($0))) }
        #expect(judgements.allSatisfy { $0.status == .healthy && $0.findings.isEmpty })
        #expect(judgements[3].message == "10 ms, warming up (4 of 10)")
    }

    @Test("exactly 1.5x the mean is not degraded; just above it is, with the seed's fields")
    func factorEdge() {
        var judge = Self.fresh()
        Self.feed(&judge, Array(repeating: 20, count: 10))
        let exact = judge.judge(.init(durationMs: 30), rules: SampleRules(), at: Self.at(10))
        #expect(exact.status == .healthy)
        var other = Self.fresh()
        Self.feed(&other, Array(repeating: 20, count: 10))
        let above = other.judge(.init(durationMs: 30.5), rules: SampleRules(), at: Self.at(10))
        #expect(above.status == .warning)
        #expect(above.findings == [.degraded(durationMs: 30.5, baselineMs: 20, ratio: 1.525)])
        #expect(above.began == above.findings)
        #expect(above.message == "30.5 ms is 1.53x the baseline of 20 ms")
    }

    @Test("slower by no more than min_delta is no alarm: 1 ms to 2 ms")
    func minDelta() {
        var judge = Self.fresh()
        Self.feed(&judge, Array(repeating: 1, count: 10))
        #expect(judge.judge(.init(durationMs: 6), rules: SampleRules(), at: Self.at(10)).status == .healthy, "5 ms slower: not more than 5 ms")
        var other = Self.fresh()
        Self.feed(&other, Array(repeating: 1, count: 10))
        #expect(other.judge(.init(durationMs: 6.5), rules: SampleRules(), at: Self.at(10)).status == .warning)
    }

    @Test("the window keeps the newest samples: old fast ones leave it, so a lasting slowdown becomes the baseline and recovers")
    func eviction() {
        var judge = Self.fresh()
        Self.feed(&judge, Array(repeating: 10, count: 10))
        let slow = Self.feed(&judge, Array(repeating: 40, count: 3), from: 10)
        #expect(slow?.status == .warning)
        #expect(judge.baseline.durations == Array(repeating: 10, count: 7) + [40, 40, 40])
        let later = Self.feed(&judge, Array(repeating: 40, count: 7), from: 13)
        #expect(later?.status == .healthy, "the baseline is 40 ms now")
        #expect(later?.ended == [] && judge.baseline.durations == Array(repeating: 40, count: 10))
    }

    @Test("for = 3: two slow samples are not a finding, the third is; a fast one resets the count and ends it")
    func sustained() throws {
        let rules = SampleRules(sustainFor: 3)
        var judge = Self.fresh()
        Self.feed(&judge, Array(repeating: 10, count: 10), rules: rules)
        #expect(Self.feed(&judge, [50, 50], rules: rules, from: 10)?.status == .healthy)
        #expect(Self.feed(&judge, [10], rules: rules, from: 12)?.status == .healthy)
        #expect(Self.feed(&judge, [60, 60], rules: rules, from: 13)?.status == .healthy)
        let third = try #require(Self.feed(&judge, [60], rules: rules, from: 15))
        #expect(third.status == .warning && third.began.map(\.kind) == [.degraded])
        let fast = try #require(Self.feed(&judge, [10], rules: rules, from: 16))
        #expect(fast.status == .healthy && fast.ended == [.degraded])
    }

    @Test("severity_on_finding = critical makes a finding CRITICAL")
    func critical() {
        let rules = SampleRules(statusOnFinding: .critical)
        var judge = Self.fresh()
        Self.feed(&judge, Array(repeating: 10, count: 10), rules: rules)
        #expect(Self.feed(&judge, [100], rules: rules, from: 10)?.status == .critical)
    }

    @Test("memory grown by more than memory_growth across the window; not by exactly it")
    func memoryGrowth() {
        var judge = Self.fresh()
        let megabyte = 1_000_000.0
        var last: SampleJudge.Judgement?
        for step in 0..<10 {
            last = judge.judge(.init(memoryBytes: 200 * megabyte + Double(step) * 100 * megabyte / 9), rules: SampleRules(), at: Self.at(Double(step)))
        }
        #expect(last?.status == .healthy, "exactly 100 MB")
        let grown = judge.judge(.init(memoryBytes: 320 * megabyte), rules: SampleRules(), at: Self.at(10))
        #expect(grown.findings.first?.kind == .memoryGrowth && grown.status == .warning)
        if case let .memoryGrowth(memory, delta)? = grown.findings.first {
            #expect(memory == 320 * megabyte && (delta - (320 - 200 - 100.0 / 9) * megabyte).magnitude < 1)
        }
    }

    @Test("a leak: a steady climb over the whole leak window, named in MB/h; not before the window is covered, not a sawtooth")
    func leak() throws {
        let rules = SampleRules(memoryGrowthBytes: 1e12, leakWindow: .seconds(600))
        var judge = Self.fresh()
        var judgements: [SampleJudge.Judgement] = []
        // 50 MB/h: 10 MB in 12 minutes, a reading a minute.
        for minute in 0...12 {
            judgements.append(judge.judge(.init(memoryBytes: 400e6 + Double(minute) * 50e6 / 60), rules: rules, at: Self.at(Double(minute) * 60)))
        }
        #expect(judgements[..<10].allSatisfy { $0.findings.isEmpty }, "the window is not covered before 10 minutes")
        let leak = try #require(judgements[10].findings.first)
        guard case let .memoryLeak(_, rate) = leak else { Issue.record("not a leak: \(leak)"); return }
        #expect((rate - 50).magnitude < 0.01)
        #expect(leak.text.hasPrefix("memory climbs steadily at 50 MB/h"))

        var sawtooth = Self.fresh()
        var found: [SampleFinding] = []
        for minute in 0...12 {
            let value = 400e6 + Double(minute) * 2e6 - (minute % 4 == 3 ? 30e6 : 0)
            found += sawtooth.judge(.init(memoryBytes: value), rules: rules, at: Self.at(Double(minute) * 60)).findings
        }
        #expect(found.isEmpty, "a drop below the line's start is no leak")
    }

    @Test("CPU averaged over cpu_for: a spike is not enough, a sustained burn is")
    func cpu() {
        let rules = SampleRules(cpuPercent: 80, cpuFor: .seconds(60))
        var judge = Self.fresh()
        var statuses: [Status] = []
        for second in stride(from: 0, through: 50, by: 10) {
            statuses.append(judge.judge(.init(cpuPercent: second == 30 ? 100 : 20), rules: rules, at: Self.at(Double(second))).status)
        }
        #expect(statuses.allSatisfy { $0 == .healthy })
        var burning = Self.fresh()
        var last: SampleJudge.Judgement?
        for second in stride(from: 0, through: 70, by: 10) {
            last = burning.judge(.init(cpuPercent: 95), rules: rules, at: Self.at(Double(second)))
        }
        #expect(last?.findings == [.cpu(percent: 95)] && last?.message == "CPU at 95% of a core")
    }

    @Test("a failed sample is CRITICAL with its error and leaves the baseline alone")
    func failure() {
        var judge = Self.fresh()
        Self.feed(&judge, [10, 12])
        let failed = judge.judge(.init(error: "canceling statement due to statement timeout"), rules: SampleRules(), at: Self.at(5))
        #expect(failed.status == .critical && failed.findings == [.failed(error: "canceling statement due to statement timeout")])
        #expect(!failed.baselineChanged && judge.baseline.durations == [10, 12])
        #expect(Self.feed(&judge, [11], from: 6)?.ended == [.failed])
    }

    @Test("a baseline read back (a restart, a reload) judges the next sample at once: no second warm-up")
    func restoredBaseline() throws {
        var judge = Self.fresh()
        Self.feed(&judge, Array(repeating: 10, count: 10))
        let saved = try JSONDecoder().decode(OperationBaseline.self, from: JSONEncoder().encode(judge.baseline))
        var restarted = SampleJudge(baseline: saved)
        #expect(restarted.judge(.init(durationMs: 40), rules: SampleRules(), at: Self.at(100)).status == .warning)
    }
}

/// CPU from a counter (a cgroup's or a process's seconds so far): a share of a core between samples.
@Suite struct SampleJudgeCPUCounterTests {
    @Test("the share of a core between two readings; none for the first, none when the counter starts over")
    func counter() {
        var judge = SampleJudge(baseline: OperationBaseline(measures: "unit api.service"))
        let rules = SampleRules(cpuPercent: 80, cpuFor: .seconds(4))
        #expect(judge.judge(.init(memoryBytes: 1e8, cpuSecondsTotal: 10), rules: rules, at: SampleJudgeTests.at(0)).cpuPercent == nil)
        #expect(judge.judge(.init(memoryBytes: 1e8, cpuSecondsTotal: 10.5), rules: rules, at: SampleJudgeTests.at(2)).cpuPercent == 25)
        #expect(judge.judge(.init(memoryBytes: 1e8, cpuSecondsTotal: 1), rules: rules, at: SampleJudgeTests.at(4)).cpuPercent == nil)
        var burning: SampleJudge.Judgement?
        for second in stride(from: 6.0, through: 14, by: 2) {
            burning = judge.judge(.init(memoryBytes: 1e8, cpuSecondsTotal: 1 + (second - 4) * 0.95), rules: rules, at: SampleJudgeTests.at(second))
        }
        #expect(burning?.findings.map(\.kind) == [.cpu] && burning?.message == "CPU at 95% of a core", "\(String(describing: burning))")
    }
}
