// swift-tools-version: 6.1
import PackageDescription

// Vigil's benchmarks, kept out of the main package so that its build and tests never compile the
// benchmark framework. Run from this folder: `swift package benchmark` (docs/benchmarks.md).
let package = Package(
    name: "VigilBenchmarks",
    dependencies: [
        .package(name: "Vigil", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        benchmark("CoreBenchmarks", using: ["VigilCore", "VigilMetrics"]),
        benchmark("ConfigBenchmarks", using: ["VigilConfig"]),
        benchmark("SpawnBenchmarks", using: ["VigilProcess"]),
        benchmark("PostgresBenchmarks", using: ["VigilPostgres"]),
        benchmark("JournalBenchmarks", using: ["VigilCore", "VigilSystemd", "VigilMetrics"]),
        .target(name: "BenchmarkSupport", dependencies: [.product(name: "Benchmark", package: "benchmark")],
                path: "Support"),
    ],
    swiftLanguageModes: [.v6]
)

/// A benchmark executable in Benchmarks/<name>, measuring the named library products of Vigil.
func benchmark(_ name: String, using products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark"), "BenchmarkSupport"]
            + products.map { .product(name: $0, package: "Vigil") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
