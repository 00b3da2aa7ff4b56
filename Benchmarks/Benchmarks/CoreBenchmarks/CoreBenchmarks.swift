import Benchmark
import BenchmarkSupport

/// The pure core: what the daemon does with every result, the plugin output parser, the metrics.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, CPUTime.process, .mallocCountTotal],
        warmupIterations: 5,
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )
    registerCheckCycleBenchmarks()
    registerPluginOutputBenchmarks()
    registerMetricsBenchmarks()
}
