import Foundation
import Testing
import VigilCore

/// A `kind = "unit"` sample of a real unit under a real systemd as PID 1 in a throwaway container
/// (`sample-scenario`): alexandria-replay.service keeps 30 MB more each second and burns a core;
/// its cgroup's memory growth and CPU share are findings with the seed's fields.
@Suite(.serialized) struct SampleUnderSystemdTests {
    private func entries(_ boot: ContainerRun, _ kind: EventKind) throws -> [[String: String]] {
        guard boot.files["samples-journal.json"] != nil else {
            let trace = (boot.files["trace.log"] ?? "").split(separator: "\n").suffix(30).joined(separator: "\n")
            throw ContainerRun.Failure(description: "the sample scenario ended early; the end of trace.log:\n\(trace)")
        }
        return try boot.journal("samples-journal.json").filter { $0["MESSAGE_ID"] == kind.messageID }
    }

    @Test func aGrowingBurningUnitIsFound() async throws {
        let boot = try await RestoreContainerBoot.shared()
        let failed = try entries(boot, .sampleFailed).map { $0["ERROR"] ?? "" }
        let growth = try #require(try entries(boot, .sampleMemoryGrowth).first, "no memory growth; failures: \(failed)")
        #expect(growth["OPERATION"] == "event_replay" && growth["_SYSTEMD_UNIT"] == "vigil-samples.service")
        #expect((growth["MEMORY_DELTA_BYTES"].flatMap(Double.init) ?? 0) > 60e6, "\(growth)")
        #expect((growth["MEMORY_BYTES"].flatMap(Double.init) ?? 0) > 100e6, "\(growth)")
        let cpu = try #require(try entries(boot, .sampleCPU).first, "no CPU finding; failures: \(failed)")
        #expect((cpu["CPU_PERCENT"].flatMap(Double.init) ?? 0) > 40, "\(cpu)")
        let shown = try boot.file("samples.txt")
        #expect(shown.contains("event_replay  unit  memory "), "\(shown)")
    }
}
