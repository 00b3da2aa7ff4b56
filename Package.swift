// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Vigil",
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        // For the separate Benchmarks/ package, which measures these modules from outside.
        .library(name: "VigilCore", targets: ["VigilCore"]),
        .library(name: "VigilConfig", targets: ["VigilConfig"]),
        .library(name: "VigilProcess", targets: ["VigilProcess"]),
        .library(name: "VigilPostgres", targets: ["VigilPostgres"]),
        .library(name: "VigilMetrics", targets: ["VigilMetrics"]),
        .library(name: "VigilSystemd", targets: ["VigilSystemd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // OpenAPI documents for `contract` checks, read only by the vigil-openapi helper (its Yams
        // links full Foundation, which the daemon's binary does not carry). External loading is off.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0", traits: []),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // C boundaries: only the adapter named beside each imports it.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]), // VigilCrypto
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]), // VigilProbes (HTTPTransfer)
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),      // VigilPostgres
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]), // VigilSystemd
        .target(name: "CSpawn"),                                                                     // VigilProcess
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),  // VigilTLS

        .target(name: "VigilCore"),
        .target(name: "VigilConfig", dependencies: [
            "VigilCore",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .target(name: "VigilPostgres", dependencies: ["VigilCore", "CLibPQ", "VigilProcess"]),
        .target(name: "VigilSystemd", dependencies: [
            "VigilCore", "CSystemd",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "VigilProcess", dependencies: ["CSpawn"]),
        // Files written whole and durably (temp file, fsync, rename, folder fsync), for the daemon's state and the backups.
        .target(name: "VigilFiles"),
        // TLS handshakes through libssl, for `tls` checks: the chain, the name, the protocol, the certificate's dates.
        .target(name: "VigilTLS", dependencies: ["VigilCore", "COpenSSL"]),
        .target(name: "VigilProbes", dependencies: [
            "VigilCore", "VigilPostgres", "VigilSystemd", "VigilProcess", "VigilBackup", "VigilTLS", "CCurl",
            "VigilLoad",
        ]),
        // Load runs over keep-alive HTTP/1.1 connections on SwiftNIO, latencies in an HdrHistogram: `vigil loadtest` and `load` checks.
        .target(name: "VigilLoad", dependencies: [
            "VigilCore",
            .product(name: "Histogram", package: "hdrhistogram-swift"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // SHA-256 digests and HMAC-SHA256 through libcrypto, for the backups' checksums and signed webhooks.
        .target(name: "VigilCrypto", dependencies: ["CLibCrypto"]),
        .target(name: "VigilBackup", dependencies: [
            "VigilCore", "VigilPostgres", "VigilProcess", "VigilFiles", "VigilCrypto",
        ]),
        // Sends one notification through one notifier: a command, a webhook, an Alertmanager.
        .target(name: "VigilNotify", dependencies: ["VigilCore", "VigilProcess", "VigilProbes", "VigilCrypto"]),
        // `[metrics]`: the registry the daemon updates and the HTTP/1 listener that serves it to Prometheus.
        .target(name: "VigilMetrics", dependencies: [
            "VigilCore", "VigilProbes",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) into the core's ContractDocument.
        .target(name: "VigilContract", dependencies: [
            "VigilCore",
            .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
            .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
            .product(name: "Yams", package: "Yams"),
        ]),
        // The helper the daemon and `vigil contract` run to read a document: prints the ContractDocument as JSON.
        .executableTarget(name: "vigil-openapi", dependencies: ["VigilContract", "VigilCore"]),
        .target(name: "VigilDaemon", dependencies: [
            "VigilCore", "VigilConfig", "VigilProbes", "VigilSystemd", "VigilProcess", "VigilBackup", "VigilFiles", "VigilNotify", "VigilMetrics",
            "VigilPostgres", .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "vigil", dependencies: [
            "VigilCore", "VigilConfig", "VigilDaemon", "VigilPostgres", "VigilProbes", "VigilSystemd", "VigilBackup", "VigilProcess",
            "VigilLoad",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Saves state (or enqueues notifications) in a loop for the kill -9 tests of StateStore and the outbox.
        .executableTarget(name: "vigil-state-torture", dependencies: ["VigilDaemon", "VigilCore", "VigilSystemd", "VigilTestSupport"],
                          path: "Tests/StateTorture"),
        // Runs one restart_unit step inside the nspawn container of the restart test.
        .executableTarget(name: "vigil-step-runner", dependencies: ["VigilDaemon", "VigilCore"], path: "Tests/StepRunner"),

        // Prints the offsets SystemTimeZone reads under the TZ it is started with, for its test.
        .executableTarget(name: "vigil-zone-offsets", dependencies: ["VigilDaemon"], path: "Tests/ZoneOffsets"),

        // Shared by the test suites: throwaway PostgreSQL clusters, child helpers, paths.
        .target(name: "VigilTestSupport", path: "Tests/VigilTestSupport"),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore"]),
        .testTarget(name: "VigilConfigTests", dependencies: ["VigilConfig", "VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilPostgresTests", dependencies: ["VigilPostgres", "VigilTestSupport"]),
        .testTarget(name: "VigilSystemdTests", dependencies: ["VigilSystemd", "VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilProcessTests", dependencies: ["VigilProcess", "VigilTestSupport"]),
        .testTarget(name: "VigilFilesTests", dependencies: ["VigilFiles", "VigilTestSupport"]),
        .testTarget(name: "VigilProbesTests", dependencies: ["VigilProbes", "VigilCore", "VigilPostgres", "VigilBackup", "VigilTestSupport"]),
        .testTarget(name: "VigilDaemonTests", dependencies: ["VigilDaemon", "VigilCore", "VigilFiles", "VigilTestSupport"]),
        .testTarget(name: "VigilCryptoTests", dependencies: ["VigilCrypto", "VigilCore"]),
        .testTarget(name: "VigilNotifyTests", dependencies: ["VigilNotify", "VigilCore", "VigilCrypto", "VigilTestSupport"]),
        .testTarget(name: "VigilMetricsTests", dependencies: ["VigilMetrics", "VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilContractTests", dependencies: ["VigilContract", "VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilLoadTests", dependencies: ["VigilLoad", "VigilCore", "VigilTestSupport"]),
        .testTarget(name: "VigilBackupTests", dependencies: ["VigilBackup", "VigilCore", "VigilPostgres", "VigilTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// A module's members count only in the files that import it: full Foundation, which TOMLKit
// imports, must not lend its String methods (contains, range(of:)) to files that import
// FoundationEssentials alone, or the shipped binary links ICU again.
for target in package.targets where target.path == nil && [.regular, .executable].contains(target.type) && !target.name.hasPrefix("C") {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
