import Glibc
import VigilCore
import VigilSystemd

/// A `kind = "unit"` sample: a systemd unit's memory and the CPU it used so far, from the cgroup
/// systemd's `ControlGroup` property names; the share of a core over the interval is the judge's to
/// work out between two samples.
///
/// The unified hierarchy (cgroup v2) gives both: `memory.current` and `cpu.stat`. On hosts that
/// still mount the legacy controllers (v1), their `memory.usage_in_bytes` and `cpuacct.usage`; where
/// a controller is not delegated (a container on such a host), the unit's processes themselves,
/// listed in `cgroup.procs`: the sum of their resident memory and CPU time.
public struct UnitResourceProbe: BlockingProbe {
    public let unit: String
    public let reader: UnitStateReader
    /// Where the cgroup hierarchies are mounted.
    public let cgroupRoot: String
    public let procRoot: String

    public init(unit: String, reader: UnitStateReader = UnitStateReader(), cgroupRoot: String = "/sys/fs/cgroup",
                procRoot: String = "/proc") {
        self.unit = unit
        self.reader = reader
        self.cgroupRoot = cgroupRoot
        self.procRoot = procRoot
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        let group: String
        do throws(UnitStateError) {
            group = try reader.controlGroup(of: unit, timeout: ContinuousClock.now.duration(to: deadline))
        } catch {
            throw ProbeError(error.description)
        }
        guard !group.isEmpty else { throw ProbeError("\(unit) runs no process: it has no control group now") }
        let (memory, cpu) = try usage(of: group)
        return ResourceObservation.observation(memoryBytes: memory, cpuSeconds: cpu, of: unit)
    }

    /// Memory in bytes and CPU seconds of the cgroup `group`, from the first place that has them.
    func usage(of group: String) throws(ProbeError) -> (memory: Double, cpu: Double) {
        let memory = try firstNumber([cgroupRoot + group + "/memory.current", cgroupRoot + "/memory" + group + "/memory.usage_in_bytes"])
        var cpu = try firstNumber([cgroupRoot + group + "/cpu.stat", cgroupRoot + "/unified" + group + "/cpu.stat"],
                                  parse: ResourceReadings.cgroupCPUSeconds)
        if cpu == nil { cpu = try firstNumber([cgroupRoot + "/cpuacct" + group + "/cpuacct.usage"]).map { $0 / 1e9 } }
        if let memory, let cpu { return (memory, cpu) }
        let processes = try processUsage(of: group)
        return (memory ?? processes.memory, cpu ?? processes.cpu)
    }

    /// The number in the first of `paths` that exists; nil when none does.
    private func firstNumber(_ paths: [String], parse: (String) -> Double? = ResourceReadings.cgroupValue) throws(ProbeError) -> Double? {
        guard let path = paths.first(where: { access($0, F_OK) == 0 }) else { return nil }
        guard let value = parse(try KernelFile.read(path)) else { throw ProbeError("\(path) holds no number this probe knows") }
        return value
    }

    /// The unit's processes (`cgroup.procs` of whichever hierarchy lists them): their resident
    /// memory and CPU time summed; a process that ended meanwhile is left out.
    private func processUsage(of group: String) throws(ProbeError) -> (memory: Double, cpu: Double) {
        let lists = [cgroupRoot + group, cgroupRoot + "/unified" + group, cgroupRoot + "/systemd" + group].map { $0 + "/cgroup.procs" }
        guard let list = lists.first(where: { access($0, F_OK) == 0 }) else {
            throw ProbeError("no cgroup hierarchy under \(cgroupRoot) lists the processes of \(group)")
        }
        let pids = try KernelFile.read(list).split(separator: "\n").compactMap { Int32($0) }
        var memory = 0.0, ticks = 0.0
        for pid in pids {
            guard let status = try? KernelFile.read("\(procRoot)/\(pid)/status"), let stat = try? KernelFile.read("\(procRoot)/\(pid)/stat") else {
                continue
            }
            memory += ResourceReadings.processResidentBytes(status) ?? 0
            ticks += ResourceReadings.processCPUTicks(stat) ?? 0
        }
        return (memory, ticks / Double(sysconf(Int32(_SC_CLK_TCK))))
    }
}

/// What a unit or process sample reports: its memory now and its CPU seconds so far.
enum ResourceObservation {
    static func observation(memoryBytes: Double, cpuSeconds: Double, of subject: String) -> Observation {
        Observation(message: "\(subject): memory \(NumberText.format(memoryBytes / 1_000_000)) MB, \(NumberText.format(cpuSeconds)) s of CPU so far",
                    metrics: ["memory_bytes": memoryBytes, "cpu_seconds_total": cpuSeconds])
    }
}
