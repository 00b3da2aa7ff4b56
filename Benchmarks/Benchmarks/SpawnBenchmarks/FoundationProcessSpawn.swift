import Benchmark
import BenchmarkSupport
import Foundation

/// `/bin/true` through Foundation's Process, doing the same work: empty environment, stdout and
/// stderr read to the end, exit awaited.
func registerFoundationProcessBenchmark() {
    Benchmark("spawn /bin/true: Foundation.Process") { benchmark in
        try CPUTime.measuring(benchmark) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            process.environment = [:]
            let stdout = Pipe()
            let stderr = Pipe()
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
            _ = stdout.fileHandleForReading.readDataToEndOfFile()
            _ = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { fatalError("/bin/true: \(process.terminationStatus)") }
        }
    }
}
