import Benchmark
import BenchmarkSupport

/// What one run of a command check costs in process creation, against Foundation's Process
/// in the same run so that the ratio holds whatever else the machine is doing.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, CPUTime.process, CPUTime.children, .mallocCountTotal],
        warmupIterations: 20,
        maxDuration: .seconds(5),
        maxIterations: 2_000
    )
    registerChildProcessBenchmark()
    registerFoundationProcessBenchmark()
}
