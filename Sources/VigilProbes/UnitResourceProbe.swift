import VigilCore
import VigilSystemd

/// A `kind = "unit"` sample: a systemd unit's memory (`memory.current` of its cgroup, found
/// through systemd's `ControlGroup` property) and the CPU it used so far (`cpu.stat`); the share
/// of a core over the interval is the judge's to work out between two samples.
public struct UnitResourceProbe: BlockingProbe {
    public let unit: String
    public let reader: UnitStateReader
    /// Where the unified cgroup hierarchy is mounted.
    public let cgroupRoot: String

    public init(unit: String, reader: UnitStateReader = UnitStateReader(), cgroupRoot: String = "/sys/fs/cgroup") {
        self.unit = unit
        self.reader = reader
        self.cgroupRoot = cgroupRoot
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        let group: String
        do throws(UnitStateError) {
            group = try reader.controlGroup(of: unit, timeout: ContinuousClock.now.duration(to: deadline))
        } catch {
            throw ProbeError(error.description)
        }
        guard !group.isEmpty else { throw ProbeError("\(unit) runs no process: it has no control group now") }
        let folder = cgroupRoot + group
        guard let memory = ResourceReadings.cgroupMemory(try KernelFile.read(folder + "/memory.current")) else {
            throw ProbeError("\(folder)/memory.current holds no number of bytes")
        }
        guard let cpu = ResourceReadings.cgroupCPUSeconds(try KernelFile.read(folder + "/cpu.stat")) else {
            throw ProbeError("\(folder)/cpu.stat has no usage_usec")
        }
        return ResourceObservation.observation(memoryBytes: memory, cpuSeconds: cpu, of: unit)
    }
}

/// What a unit or process sample reports: its memory now and its CPU seconds so far.
enum ResourceObservation {
    static func observation(memoryBytes: Double, cpuSeconds: Double, of subject: String) -> Observation {
        Observation(message: "\(subject): memory \(NumberText.format(memoryBytes / 1_000_000)) MB, \(NumberText.format(cpuSeconds)) s of CPU so far",
                    metrics: ["memory_bytes": memoryBytes, "cpu_seconds_total": cpuSeconds])
    }
}
