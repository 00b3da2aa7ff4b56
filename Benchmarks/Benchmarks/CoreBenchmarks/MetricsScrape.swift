import Benchmark
import BenchmarkSupport
import Foundation
import VigilCore
import VigilMetrics

/// What Prometheus costs Vigil: one scrape of 200 checks and 50 samples (every family, Vigil's own
/// /proc figures read), and one journal entry counted on its way to the journal.
func registerMetricsBenchmarks() {
    let fleet = CheckFleet(count: 200)

    Benchmark("metrics: scrape of 200 checks and 50 samples") { benchmark in
        let registry = MetricsRegistry(version: "bench", startedAt: Date())
        let series = DecisionSeries(registry: registry)
        let now = Date()
        for round in 0..<3 {
            for (check, outcome) in zip(fleet.checks, fleet.outcomes) {
                let result = CheckEvaluator.result(for: check, outcome: outcome, duration: .microseconds(180 + round), at: now)
                series.recorded(result, severity: check.severity)
            }
        }
        // 25 samples time queries and requests, 25 watch units' memory and CPU.
        let views = (0..<50).map { index in
            index < 25
                ? SampleView(name: "sample_\(index)", kind: "sql", window: 10, durationsMs: [], meanMs: 20.5, lastMs: 21, lastError: nil, findings: [])
                : SampleView(name: "sample_\(index)", kind: "unit", window: 10, durationsMs: [], meanMs: nil, lastMs: nil, lastError: nil,
                             findings: [], memoryBytes: 300e6, cpuPercent: 12.5)
        }
        series.refreshed(DecisionSnapshot(), samples: views, incidentsOpen: 0)
        registry.apply(EventMetrics.updates(for: .reloadRejected(errors: ["x"]), at: now))
        benchmark.startMeasurement()
        CPUTime.measuring(benchmark) {
            blackHole(registry.render())
        }
    }

    Benchmark("metrics: a journal entry counted (a confirmed change)") { benchmark in
        let registry = MetricsRegistry(version: "bench", startedAt: Date())
        let result = CheckResult(name: "database", kind: "postgres", status: .critical, message: "connection refused", durationMs: 3, timestamp: Date())
        let event = JournalEvent.statusChanged(result, previous: .healthy, severity: .p0)
        benchmark.startMeasurement()
        CPUTime.measuring(benchmark) {
            for _ in benchmark.scaledIterations { registry.apply(EventMetrics.updates(for: event, at: Date())) }
        }
    }
}
