import Benchmark
import BenchmarkSupport
import VigilCore

/// Parsing what a command check's plugin printed, once per run of the check.
func registerPluginOutputBenchmarks() {
    let output = checkDiskOutput(volumes: 10)
    Benchmark("PluginOutput.parse: check_disk, 10 perfdata items") { benchmark in
        CPUTime.measuring(benchmark) {
            blackHole(PluginOutput.parse(output))
        }
    }
}

/// check_disk's own shape (monitoring-plugins 2.3): one line, a free-space summary per volume,
/// then `label=valueB;warn;crit;min;max` per volume.
func checkDiskOutput(volumes: Int) -> String {
    let mounts = (0..<volumes).map { $0 == 0 ? "/" : "/srv/volume\($0)" }
    let summary = mounts.map { "\($0) 79658MiB (82% inode=97%)" }.joined(separator: "; ")
    let performanceData = mounts.map { "\($0)=17914920960B;243497277849;257024904396;0;270552530944" }
        .joined(separator: " ")
    return "DISK OK - free space: \(summary);| \(performanceData)\n"
}
