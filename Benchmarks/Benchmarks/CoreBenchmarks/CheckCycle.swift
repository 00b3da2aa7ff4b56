import Benchmark
import BenchmarkSupport
import Foundation
import VigilCore

/// What the core costs per cycle of N checks (each check run once). Two shapes: one report per
/// cycle, close to what the decision loop does now (it refreshes at most every 250 ms); and one
/// report per result, what it did before (status.json rewritten after every finished check).
func registerCheckCycleBenchmarks() {
    for count in [6, 200] {
        let fleet = CheckFleet(count: count)

        Benchmark("cycle: evaluate+record N, one report+json, N=\(count)") { benchmark in
            var tracker = primedTracker(fleet)
            benchmark.startMeasurement()
            CPUTime.measuring(benchmark) {
                let now = Date()
                for (check, outcome) in zip(fleet.checks, fleet.outcomes) {
                    let result = CheckEvaluator.result(for: check, outcome: outcome, duration: .microseconds(180), at: now)
                    blackHole(tracker.record(result, severity: check.severity))
                }
                let report = HealthReport(checks: fleet.checks.map { tracker.latest[$0.name]! }, at: now)
                blackHole(report.json())
            }
        }

        Benchmark("cycle: evaluate+record N, report+pretty json per result, N=\(count)") { benchmark in
            var tracker = primedTracker(fleet)
            benchmark.startMeasurement()
            CPUTime.measuring(benchmark) {
                let now = Date()
                for (check, outcome) in zip(fleet.checks, fleet.outcomes) {
                    let result = CheckEvaluator.result(for: check, outcome: outcome, duration: .microseconds(180), at: now)
                    blackHole(tracker.record(result, severity: check.severity))
                    let report = tracker.report(for: fleet.checks, at: now)
                    blackHole(report.statusLine)
                    blackHole(report.json(prettyPrinted: true))
                }
            }
        }
    }
}

/// A tracker that has seen every check once, so that the measured cycle is the steady state.
private func primedTracker(_ fleet: CheckFleet) -> StatusTracker {
    var tracker = StatusTracker()
    let now = Date()
    for (check, outcome) in zip(fleet.checks, fleet.outcomes) {
        _ = tracker.record(CheckEvaluator.result(for: check, outcome: outcome, duration: .zero, at: now),
                           severity: check.severity)
    }
    return tracker
}
