import Dispatch
import FoundationEssentials
import VigilCore
import VigilSystemd

/// The performance-sampling duty: every result of a `[[sample]]` is judged here against its
/// operation's recent past (`SampleJudge`) before the engine sees it, and every check's own
/// duration is judged the same way, for free (its findings are journaled; its status is the
/// check's own). Each finding that begins or ends is a journal entry.
///
/// Baselines persist in `<state_dir>/samples/OPERATION.json`, one small `JournaledStateFile` per operation,
/// written only for the operations whose baseline changed, at most every `flushInterval` and
/// at a stop: a crash loses at most that much of a statistical window, never a file.
///
/// Touched on the decision loop's queue only (hence unchecked).
final class SampleDesk: @unchecked Sendable {
    private struct Operation {
        var judge: SampleJudge
        var rules: SampleRules
        /// A `[[sample]]` (its status is the judgement's), or a check's own duration; its kind.
        var sampleKind: String?
        var last: SampleJudge.Measurement?
        var findings: [SampleFinding] = []
        /// `<state_dir>/samples/NAME.json`.
        let file: JournaledStateFile<OperationBaseline>

        var isSample: Bool { sampleKind != nil }
    }

    private let queue: DispatchQueue
    private let sink: any EventSink
    private let directory: String
    private var operations: [String: Operation] = [:]
    private var unsaved: Set<String> = []
    private lazy var flushTimer = DeadlineTimer(queue: queue) { [unowned self] _ in flush() }

    static let flushInterval: Duration = .seconds(30)

    init(queue: DispatchQueue, sink: any EventSink, stateDirectory: String) {
        self.queue = queue
        self.sink = sink
        directory = stateDirectory + "/samples"
    }

    /// The operations of `checks`: a baseline already held or saved is kept unless its check
    /// now measures something else.
    func configure(_ checks: [CheckDefinition]) {
        var next: [String: Operation] = [:]
        for check in checks {
            let (measures, rules, sampleKind) = Self.operation(of: check)
            if var kept = operations[check.name], kept.judge.baseline.measures == measures {
                kept.rules = rules
                next[check.name] = kept
                continue
            }
            let file = JournaledStateFile<OperationBaseline>(directory: directory, fileName: check.name + ".json", sink: sink)
            let saved = file.load().flatMap { $0.measures == measures ? $0 : nil }
            next[check.name] = Operation(judge: SampleJudge(baseline: saved ?? OperationBaseline(measures: measures)),
                                         rules: rules, sampleKind: sampleKind, file: file)
        }
        operations = next
        unsaved.formIntersection(next.keys)
    }

    /// The result the engine sees: a sample's judged against its baseline, any other as it came.
    func judged(_ result: CheckResult, at now: Date) -> CheckResult {
        // Judged in place: a copy taken out of the dictionary would copy the window on every result.
        guard let index = operations.index(forKey: result.name) else { return result }
        let (isSample, rules) = (operations.values[index].isSample, operations.values[index].rules)
        let measurement: SampleJudge.Measurement
        if isSample {
            let metrics = result.metrics
            if result.status != .healthy {
                measurement = .init(error: result.message)
            } else if let memory = metrics["memory_bytes"] {
                // A unit or a process: what it holds and uses, not how long it took to look.
                measurement = .init(memoryBytes: memory, cpuSecondsTotal: metrics["cpu_seconds_total"])
            } else {
                measurement = .init(durationMs: metrics["duration_ms"] ?? metrics["latency_ms"] ?? result.durationMs)
            }
        } else {
            // A check's failure is its own to report; only the durations of answers make its baseline.
            guard result.status == .healthy || result.status == .warning else { return result }
            measurement = .init(durationMs: result.durationMs)
        }
        let judgement = operations.values[index].judge.judge(measurement, rules: rules, at: now)
        operations.values[index].last = measurement
        operations.values[index].last?.cpuPercent = judgement.cpuPercent
        operations.values[index].findings = judgement.findings
        if judgement.baselineChanged { unsaved.insert(result.name) }
        if !unsaved.isEmpty, flushTimer.armed == nil { flushTimer.arm(at: WallClock.date(now, plus: Self.flushInterval)) }
        for finding in judgement.began {
            sink.write(.sampleFinding(finding, operation: result.name, status: isSample ? judgement.status : nil))
        }
        for kind in judgement.ended {
            sink.write(.sampleRecovered(kind, operation: result.name, now: judgement.message))
        }
        guard isSample else { return result }
        var judged = result
        judged.status = judgement.status
        judged.message = judgement.message
        if let duration = measurement.durationMs { judged.metrics["duration_ms"] = duration }
        if let cpu = judgement.cpuPercent { judged.metrics["cpu_percent"] = cpu }
        if let baseline = judgement.baselineMean { judged.metrics["baseline_ms"] = baseline }
        return judged
    }

    /// The `[[sample]]`s for status.json, by name.
    var views: [SampleView] {
        operations.compactMap { $0.value.isSample ? $0.key : nil }.sorted().compactMap { name in
            guard let operation = operations[name], let kind = operation.sampleKind else { return nil }
            let baseline = operation.judge.baseline
            return SampleView(name: name, kind: kind, window: operation.rules.window, durationsMs: baseline.durations,
                              meanMs: baseline.meanDuration, lastMs: operation.last?.durationMs, lastError: operation.last?.error,
                              findings: operation.findings.map(\.text), memoryBytes: operation.last?.memoryBytes,
                              cpuPercent: operation.last?.cpuPercent)
        }
    }

    /// Writes the baselines that changed since the last write.
    func flush() {
        flushTimer.arm(at: nil)
        for name in unsaved.sorted() {
            guard let operation = operations[name] else { continue }
            operation.file.save(operation.judge.baseline)
        }
        unsaved.removeAll()
    }

    /// What a check's operation measures, the rules that judge it, and its sample kind (nil: a check).
    private static func operation(of check: CheckDefinition) -> (measures: String, rules: SampleRules, sampleKind: String?) {
        if case .sample(let settings) = check.kind { return (settings.measure.fingerprint, settings.rules, settings.measure.name) }
        return ("check \(check.kind.name) \(check.breakerTarget ?? check.name)", SampleRules(), nil)
    }
}
