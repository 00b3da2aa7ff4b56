import Foundation
import Testing
import VigilTestSupport

/// `Benchmarks/vs-monit --short` still runs Vigil and monit and prints its table. Its figures are
/// never asserted: on a shared machine they prove nothing; docs/benchmarks.md has the real runs.
@Suite("Benchmarks/vs-monit, short")
struct VersusMonitScriptTests {
    /// The binary to measure: `VIGIL_RELEASE_BINARY` (the static release build, when CI made one), else this build's.
    static var vigil: String {
        let release = ProcessInfo.processInfo.environment["VIGIL_RELEASE_BINARY"] ?? ""
        return release.isEmpty ? RepositoryPaths.vigilExecutable.path : release
    }

    @Test("the short run measures both daemons and prints every row with the ratio")
    func shortRunPrintsTheTable() throws {
        let output = try ExternalTool.run("/usr/bin/python3", [RepositoryPaths.file("Benchmarks/vs-monit").path, "--short", "--vigil", Self.vigil])
        #expect(output.status == 0, "\(output.standardError.suffix(2000))")
        let text = output.standardOutput
        #expect(text.contains("| | Vigil | monit | Vigil/monit |"), "\(text)")
        for row in ["RSS steady (MiB)", "RSS peak (MiB)", "own CPU per check execution (ms)", "CPU with children per check (ms)",
                    "cycles completed", "lateness p50 (ms)", "lateness p99 (ms)"] {
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("| \(row) |") }, "no row \(row): \(text)")
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells.count == 4, "\(line)")
            #expect(cells.dropFirst().dropLast().allSatisfy { Double($0) != nil }, "\(line)")
        }
        // Both really ran their checks: the HTTP ones reached the script's server every second.
        let cycles = try #require(text.split(separator: "\n").first { $0.hasPrefix("| cycles completed |") })
        let counts = cycles.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.dropFirst().prefix(2).compactMap { Double($0) }
        #expect(counts.count == 2 && counts.allSatisfy { $0 >= 5 }, "\(cycles)")
    }
}
