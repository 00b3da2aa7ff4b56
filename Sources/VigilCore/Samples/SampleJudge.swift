import FoundationEssentials

/// One operation's judge: fed each measurement with the time, it keeps the baseline and the
/// trends and says what is wrong now, what began and what ended. A value with no clock of its own.
public struct SampleJudge: Sendable, Equatable {
    /// One sample's readings; a failed sample has only its error.
    public struct Measurement: Sendable, Equatable {
        public var durationMs: Double?
        public var memoryBytes: Double?
        public var cpuPercent: Double?
        /// CPU seconds used so far (a cgroup's or a process's counter): the share of a core is
        /// worked out against the previous sample's.
        public var cpuSecondsTotal: Double?
        public var error: String?

        public init(durationMs: Double? = nil, memoryBytes: Double? = nil, cpuPercent: Double? = nil,
                    cpuSecondsTotal: Double? = nil, error: String? = nil) {
            self.durationMs = durationMs
            self.memoryBytes = memoryBytes
            self.cpuPercent = cpuPercent
            self.cpuSecondsTotal = cpuSecondsTotal
            self.error = error
        }
    }

    public struct Judgement: Sendable, Equatable {
        /// Everything wrong now, in a fixed order.
        public var findings: [SampleFinding]
        /// The findings that were not there at the sample before.
        public var began: [SampleFinding]
        /// The kinds of finding that held at the sample before and no longer do.
        public var ended: [SampleFinding.Kind]
        public var status: Status
        /// The baseline changed, so it is to be saved.
        public var baselineChanged: Bool
        /// The share of a core this sample found (given, or worked out from the counter).
        public var cpuPercent: Double?
        /// What `message` is made of: made only when asked for (a check's own duration rarely is).
        let measurement: Measurement
        let window: Int
        let baselineCount: Int
        /// The baseline's mean once this sample joined it.
        public let baselineMean: Double?

        /// The findings in words, or the reading against its baseline.
        public var message: String {
            if !findings.isEmpty { return findings.map(\.text).joined(separator: "; ") }
            var parts: [String] = []
            if let duration = measurement.durationMs {
                parts.append("\(NumberText.format(duration)) ms, " + (baselineCount >= window
                    ? "baseline \(NumberText.format(baselineMean ?? 0)) ms"
                    : "warming up (\(baselineCount) of \(window))"))
            }
            if let memory = measurement.memoryBytes { parts.append("memory \(SampleFinding.megabytes(memory))") }
            if let cpu = measurement.cpuPercent { parts.append("CPU \(NumberText.format(cpu))%") }
            return parts.joined(separator: ", ")
        }
    }

    public private(set) var baseline: OperationBaseline
    private var memoryTrend = TimeSeries()
    private var cpuTrend = TimeSeries()
    private var degradedRun = 0
    /// The previous CPU counter reading, to turn the next into a share of a core.
    private var lastCPUCounter: TimeSeries.Point?
    /// The kinds found at the last sample.
    public private(set) var holding: Set<SampleFinding.Kind> = []

    public init(baseline: OperationBaseline) {
        self.baseline = baseline
    }

    public mutating func judge(_ measurement: Measurement, rules: SampleRules, at now: Date) -> Judgement {
        var measurement = measurement
        if let total = measurement.cpuSecondsTotal {
            measurement.cpuPercent = measurement.cpuPercent ?? cpuShare(total, at: now)
        }
        var findings: [SampleFinding] = []
        var changed = false
        if let error = measurement.error {
            findings.append(.failed(error: error))
        } else {
            if let duration = measurement.durationMs {
                if let degraded = degradation(duration, rules: rules) { findings.append(degraded) }
                OperationBaseline.push(duration, onto: &baseline.durations, window: rules.window)
                changed = true
            }
            if let memory = measurement.memoryBytes {
                OperationBaseline.push(memory, onto: &baseline.memory, window: rules.window)
                changed = true
                if let first = baseline.memory.first, memory - first > rules.memoryGrowthBytes {
                    findings.append(.memoryGrowth(memoryBytes: memory, deltaBytes: memory - first))
                }
                memoryTrend.add(memory, at: now, span: rules.leakWindow)
                if let rate = leakRate(rules: rules, at: now) {
                    findings.append(.memoryLeak(memoryBytes: memory, megabytesPerHour: rate))
                }
            }
            if let cpu = measurement.cpuPercent {
                cpuTrend.add(cpu, at: now, span: rules.cpuFor)
                if cpuTrend.covers(rules.cpuFor, before: now), let mean = cpuTrend.mean(within: rules.cpuFor, before: now),
                   mean > rules.cpuPercent {
                    findings.append(.cpu(percent: mean))
                }
            }
        }
        // The common case, nothing wrong now or before, allocates nothing.
        var began: [SampleFinding] = [], ended: [SampleFinding.Kind] = []
        if !findings.isEmpty || !holding.isEmpty {
            let kinds = Set(findings.map(\.kind))
            began = findings.filter { !holding.contains($0.kind) }
            ended = holding.subtracting(kinds).sorted()
            holding = kinds
        }
        let status: Status = measurement.error != nil ? .critical : findings.isEmpty ? .healthy : rules.statusOnFinding
        return Judgement(findings: findings, began: began, ended: ended, status: status, baselineChanged: changed,
                         cpuPercent: measurement.cpuPercent, measurement: measurement, window: rules.window,
                         baselineCount: baseline.durations.count, baselineMean: baseline.meanDuration)
    }

    /// The share of one core used since the previous counter reading; nil for the first, or when
    /// the counter went back (the unit or process started over).
    private mutating func cpuShare(_ total: Double, at now: Date) -> Double? {
        defer { lastCPUCounter = TimeSeries.Point(time: now, value: total) }
        guard let last = lastCPUCounter, total >= last.value else { return nil }
        let elapsed = now.timeIntervalSince(last.time)
        return elapsed > 0 ? (total - last.value) / elapsed * 100 : nil
    }

    /// Degraded: slower than `factor` × the full window's mean, by more than `min_delta`, for `for`
    /// samples in a row. Judged against the window before this sample joins it.
    private mutating func degradation(_ duration: Double, rules: SampleRules) -> SampleFinding? {
        guard baseline.durations.count >= rules.window, let mean = baseline.meanDuration,
              duration > rules.factor * mean, duration - mean > WallClock.seconds(rules.minDelta) * 1000 else {
            degradedRun = 0
            return nil
        }
        degradedRun += 1
        guard degradedRun >= rules.sustainFor else { return nil }
        return .degraded(durationMs: duration, baselineMs: mean, ratio: mean > 0 ? duration / mean : .infinity)
    }

    /// A leak: over the whole leak window, a rising line with every reading at or above where it
    /// starts; the rate in MB per hour.
    private func leakRate(rules: SampleRules, at now: Date) -> Double? {
        guard memoryTrend.covers(rules.leakWindow, before: now), let line = memoryTrend.line(), line.slopePerSecond > 0,
              memoryTrend.points.allSatisfy({ $0.value >= line.start }) else { return nil }
        return line.slopePerSecond * 3600 / 1_000_000
    }
}
