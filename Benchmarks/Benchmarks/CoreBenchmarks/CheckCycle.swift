import Benchmark
import BenchmarkSupport
import Foundation
import VigilCore
import VigilMetrics

/// What the core costs per cycle of N checks (each check run once), as the decision loop does it:
/// evaluate each outcome, record it for the report, feed it through the decision engine; then one
/// report with the engine's snapshot as status.json (refreshed at most every 250 ms), and the engine
/// state encoded as it is saved to the state directory after a batch that changed it.
func registerCheckCycleBenchmarks() {
    for count in [6, 200] {
        let fleet = CheckFleet(count: count)
        let configuration = VigilConfiguration(checks: fleet.checks)

        Benchmark("cycle: evaluate+record+decide N, one status document, N=\(count)") { benchmark in
            var (tracker, engine) = primed(fleet, configuration)
            benchmark.startMeasurement()
            CPUTime.measuring(benchmark) {
                let now = Date()
                for (check, outcome) in zip(fleet.checks, fleet.outcomes) {
                    let result = CheckEvaluator.result(for: check, outcome: outcome, duration: .microseconds(180), at: now)
                    tracker.record(result)
                    blackHole(engine.resultArrived(result, at: now))
                }
                let report = tracker.report(for: fleet.checks, at: now)
                blackHole(StatusDocument(report: report, decisions: engine.snapshot(at: now)).json())
            }
        }

        // The same cycle with each result's duration judged against its check's own baseline, as
        // the daemon's SampleDesk does for every result (in place, in a dictionary by name); then
        // with each result also recorded into its metric series, as the daemon's DecisionSeries does.
        for withMetrics in [false, true] {
            let name = withMetrics ? "evaluate+record+judge duration+decide+metrics" : "evaluate+record+judge duration+decide"
            Benchmark("cycle: \(name) N, one status document, N=\(count)") { benchmark in
                var (tracker, engine) = primed(fleet, configuration)
                var judges = primedJudges(fleet)
                let series = primedSeries(fleet)
                let rules = SampleRules()
                benchmark.startMeasurement()
                CPUTime.measuring(benchmark) {
                    let now = Date()
                    for (check, outcome) in zip(fleet.checks, fleet.outcomes) {
                        let result = CheckEvaluator.result(for: check, outcome: outcome, duration: .microseconds(180), at: now)
                        if let index = judges.index(forKey: result.name) {
                            blackHole(judges.values[index].judge(.init(durationMs: result.durationMs), rules: rules, at: now))
                        }
                        tracker.record(result)
                        blackHole(engine.resultArrived(result, at: now))
                        if withMetrics { series.recorded(result, severity: check.severity) }
                    }
                    let report = tracker.report(for: fleet.checks, at: now)
                    blackHole(StatusDocument(report: report, decisions: engine.snapshot(at: now)).json())
                }
            }
        }

        Benchmark("engine state: encode for saving, N=\(count) checks with full histories") { benchmark in
            let (_, engine) = primed(fleet, configuration)
            let encoder = JSONEncoder()
            benchmark.startMeasurement()
            CPUTime.measuring(benchmark) {
                blackHole(try? encoder.encode(engine.state))
            }
        }
    }
}

/// The metric series of every check, made by a first result as in the daemon: a cycle updates them.
private func primedSeries(_ fleet: CheckFleet) -> DecisionSeries {
    let series = DecisionSeries(registry: MetricsRegistry(version: "bench", startedAt: Date()))
    for (check, outcome) in zip(fleet.checks, fleet.outcomes) {
        series.recorded(CheckEvaluator.result(for: check, outcome: outcome, duration: .zero, at: Date()), severity: check.severity)
    }
    return series
}

/// A judge per check whose window of durations is full, so that every judgement is a real one.
private func primedJudges(_ fleet: CheckFleet) -> [String: SampleJudge] {
    var judges: [String: SampleJudge] = [:]
    let start = Date()
    for check in fleet.checks {
        var judge = SampleJudge(baseline: OperationBaseline(measures: "check \(check.kind.name) \(check.name)"))
        for round in 0..<10 {
            _ = judge.judge(.init(durationMs: 0.18), rules: SampleRules(), at: start.addingTimeInterval(Double(round)))
        }
        judges[check.name] = judge
    }
    return judges
}

/// A tracker and an engine that have seen every check 21 times (a full flapping window), so that
/// the measured cycle is the steady state.
private func primed(_ fleet: CheckFleet, _ configuration: VigilConfiguration) -> (StatusTracker, DecisionEngine) {
    var tracker = StatusTracker()
    var engine = DecisionEngine(configuration: configuration)
    let start = Date()
    for round in 0..<21 {
        let now = start.addingTimeInterval(Double(round))
        for (check, outcome) in zip(fleet.checks, fleet.outcomes) {
            let result = CheckEvaluator.result(for: check, outcome: outcome, duration: .zero, at: now)
            tracker.record(result)
            _ = engine.resultArrived(result, at: now)
        }
    }
    return (tracker, engine)
}
