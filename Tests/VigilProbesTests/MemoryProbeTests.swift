import Foundation
import Testing
import VigilCore
import VigilProbes

/// The `memory` probe on this machine's `/proc/meminfo` and on fixture files.
@Suite struct MemoryProbeTests {
    private func fixture(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "vigil-meminfo-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theRealMeminfoGivesAPercentage() async throws {
        let observation = try await MemoryProbe().observe(until: .now + .seconds(5))
        let available = try #require(observation.metrics["available_percent"])
        #expect(available > 0 && available <= 100)
        #expect(observation.message.hasSuffix("available (\(Int(available.rounded()))%)"))
    }

    @Test func aFixtureIsReportedInGibibytes() async throws {
        let path = try fixture("""
            MemTotal:       24641536 kB
            MemFree:         1000000 kB
            MemAvailable:   24222105 kB
            HugePages_Total:       0
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let observation = try await MemoryProbe(meminfoPath: path).observe(until: .now + .seconds(5))
        #expect(observation.message == "23.1 GiB of 23.5 GiB available (98%)")
        let available = try #require(observation.metrics["available_percent"])
        #expect(abs(available - 24222105.0 / 24641536.0 * 100) < 1e-9)
    }

    @Test func aSmallMachineIsReportedInMebibytes() async throws {
        let path = try fixture("MemTotal: 524288 kB\nMemAvailable: 52429 kB\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let observation = try await MemoryProbe(meminfoPath: path).observe(until: .now + .seconds(5))
        #expect(observation.message == "51.2 MiB of 512.0 MiB available (10%)")
    }

    @Test func aMeminfoWithoutMemAvailableThrows() async throws {
        let path = try fixture("MemTotal: 524288 kB\nMemFree: 1000 kB\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect(throws: ProbeError("\(path): no MemAvailable line")) {
            try await MemoryProbe(meminfoPath: path).observe(until: .now + .seconds(5))
        }
    }

    @Test func aMissingFileThrows() async throws {
        await #expect(throws: ProbeError("/nonexistent/meminfo: No such file or directory")) {
            try await MemoryProbe(meminfoPath: "/nonexistent/meminfo").observe(until: .now + .seconds(5))
        }
    }
}
