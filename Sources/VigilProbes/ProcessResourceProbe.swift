import Glibc
import VigilCore

/// A `kind = "process"` sample: the process a pid file names, its resident memory (`VmRSS`) and
/// the CPU it used so far (`utime` + `stime`), from /proc.
public struct ProcessResourceProbe: BlockingProbe {
    public let pidFile: String
    public let procRoot: String

    public init(pidFile: String, procRoot: String = "/proc") {
        self.pidFile = pidFile
        self.procRoot = procRoot
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        guard let pid = ResourceReadings.pid(try KernelFile.read(pidFile, limit: 4096)) else {
            throw ProbeError("\(pidFile) holds no pid on its first line")
        }
        let folder = "\(procRoot)/\(pid)"
        let status: String
        do throws(ProbeError) { status = try KernelFile.read(folder + "/status") } catch {
            throw ProbeError("process \(pid) of \(pidFile) is not running")
        }
        guard let memory = ResourceReadings.processResidentBytes(status) else {
            throw ProbeError("\(folder)/status has no VmRSS (a kernel thread, or a zombie)")
        }
        guard let ticks = ResourceReadings.processCPUTicks(try KernelFile.read(folder + "/stat")) else {
            throw ProbeError("\(folder)/stat has no utime and stime")
        }
        return ResourceObservation.observation(memoryBytes: memory, cpuSeconds: ticks / Double(sysconf(Int32(_SC_CLK_TCK))),
                                               of: "process \(pid)")
    }
}
