import Benchmark
import BenchmarkSupport
import VigilProcess

/// `/bin/true` through Vigil's own spawner: posix_spawn into a new process group, stdout and
/// stderr collected, the group killed and the leader reaped.
func registerChildProcessBenchmark() {
    let command = ChildCommand(argv: ["/bin/true"], environment: [:])
    Benchmark("spawn /bin/true: ChildProcess.run") { benchmark in
        try CPUTime.measuring(benchmark) {
            let result = try ChildProcess.run(command, deadline: .now + .seconds(5))
            guard result.termination == .exited(0) else { fatalError("/bin/true: \(result.termination)") }
        }
    }
}
