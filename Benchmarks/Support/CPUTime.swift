import Benchmark
import Glibc

/// CPU time per iteration, to the microsecond. The framework's own `cpuTotal` counts in clock
/// ticks (10 ms here), too coarse for one spawn or one cycle; getrusage's totals come from the
/// scheduler's nanosecond clock. Children count once reaped, so a spawn's whole cost is
/// `process` plus `children`.
public enum CPUTime {
    public static let process = BenchmarkMetric.custom("CPU, this process (μs)", polarity: .prefersSmaller,
                                                       useScalingFactor: false)
    public static let children = BenchmarkMetric.custom("CPU, reaped children (μs)", polarity: .prefersSmaller,
                                                        useScalingFactor: false)

    /// Runs `body` and records the CPU time it took, in this process and in children it reaped.
    public static func measuring(_ benchmark: Benchmark, _ body: () throws -> Void) rethrows {
        let selfBefore = microseconds(RUSAGE_SELF)
        let childrenBefore = microseconds(RUSAGE_CHILDREN)
        try body()
        benchmark.measurement(process, microseconds(RUSAGE_SELF) - selfBefore)
        benchmark.measurement(children, microseconds(RUSAGE_CHILDREN) - childrenBefore)
    }

    private static func microseconds(_ who: __rusage_who) -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000
            + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec
    }
}
