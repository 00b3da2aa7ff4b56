import Benchmark
import BenchmarkSupport
import Foundation
import VigilConfig

/// Reading the configuration: done at start and on every SIGHUP, and by `vigil validate`.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, CPUTime.process, .mallocCountTotal],
        warmupIterations: 3,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    let shipped = shippedConfiguration()
    Benchmark("ConfigLoader.parse: config/vigil.toml (6 checks)") { benchmark in
        try CPUTime.measuring(benchmark) {
            blackHole(try ConfigLoader.parse(files: [("vigil.toml", shipped)]).get())
        }
    }

    let generated = GeneratedConfiguration.text(checks: 500)
    Benchmark("ConfigLoader.parse: generated, 500 checks") { benchmark in
        try CPUTime.measuring(benchmark) {
            blackHole(try ConfigLoader.parse(files: [("generated.toml", generated)]).get())
        }
    }
}

/// The example configuration shipped in the repository, found from this package's folder.
private func shippedConfiguration() -> String {
    let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ConfigBenchmarks
        .deletingLastPathComponent()  // Benchmarks (sources)
        .deletingLastPathComponent()  // Benchmarks (package)
        .deletingLastPathComponent()  // repository
        .appendingPathComponent("config/vigil.toml").path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        fatalError("cannot read \(path)")
    }
    return text
}
