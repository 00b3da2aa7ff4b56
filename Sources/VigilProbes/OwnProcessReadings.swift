import Glibc
import VigilCore

/// Vigil's own resident memory, CPU time and file descriptors, read from /proc/self at each scrape
/// (the `process_*` metrics every Prometheus client library exports).
public struct OwnProcessReadings: Sendable, Equatable {
    public var residentBytes: Double?
    public var cpuSeconds: Double?
    public var openFileDescriptors: Double?
    public var maxFileDescriptors: Double?

    public static func read() -> OwnProcessReadings {
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return OwnProcessReadings(
            residentBytes: (try? KernelFile.read("/proc/self/status")).flatMap(ResourceReadings.processResidentBytes),
            cpuSeconds: (try? KernelFile.read("/proc/self/stat")).flatMap(ResourceReadings.processCPUTicks).map { $0 / ticksPerSecond },
            openFileDescriptors: countOpenDescriptors(),
            maxFileDescriptors: (try? KernelFile.read("/proc/self/limits")).flatMap(ResourceReadings.openFilesLimit))
    }

    /// The entries of /proc/self/fd, less the one the listing itself holds open.
    private static func countOpenDescriptors() -> Double? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = entryName(entry)
            if name != "." && name != ".." { count += 1 }
        }
        return Double(max(count - 1, 0))
    }
}
