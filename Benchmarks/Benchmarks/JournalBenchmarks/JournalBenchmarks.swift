import Benchmark
import BenchmarkSupport
import Foundation
import VigilCore
import VigilMetrics
import VigilSystemd

/// What one journal entry costs the daemon: the assignments, the datagram to journald, and the
/// metrics it is counted in on its way. Run inside `scripts/with-journald` so that a real journald
/// takes the datagrams (without one, `sd_journal_sendv` fails at once and the writer falls back to
/// stderr, which is not what is measured here).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, CPUTime.process, .mallocCountTotal],
        warmupIterations: 20,
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )
    let result = CheckResult(name: "database", kind: "postgres", status: .critical, message: "connection refused", durationMs: 3, timestamp: Date())
    let event = JournalEvent.statusChanged(result, previous: .healthy, severity: .p0)
    let writer = JournalWriter(identifier: "vigil-benchmark")
    let registry = MetricsRegistry(version: "bench", startedAt: Date())

    Benchmark("journal: one entry written (a confirmed change, 10 fields)") { benchmark in
        CPUTime.measuring(benchmark) { writer.write(event) }
    }
    Benchmark("journal: one entry counted in the metrics, then written") { benchmark in
        CPUTime.measuring(benchmark) {
            registry.apply(EventMetrics.updates(for: event, at: Date()))
            writer.write(event)
        }
    }
}
