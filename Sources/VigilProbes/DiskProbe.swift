import Glibc
import VigilCore

/// A `disk` check: space and inodes left on the filesystem holding `path`, as `statvfs` sees
/// them for an unprivileged user (the blocks reserved for root do not count as free).
public struct DiskProbe: BlockingProbe {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else {
            throw ProbeError("\(path): \(String(cString: strerror(errno)))")
        }
        return try Self.observation(path: path, stats: stats)
    }

    static func observation(path: String, stats: statvfs) throws(ProbeError) -> Observation {
        guard stats.f_blocks > 0 else { throw ProbeError("\(path): the filesystem reports no size") }
        let freePercent = Double(stats.f_bavail) / Double(stats.f_blocks) * 100
        var metrics = ["free_percent": freePercent]
        var message = "\(path): \(Int(freePercent.rounded()))% free"
        // btrfs and some tmpfs report no inode count at all: no metric then, rather than 0/0.
        if stats.f_files > 0 {
            let inodesFreePercent = Double(stats.f_favail) / Double(stats.f_files) * 100
            metrics["inodes_free_percent"] = inodesFreePercent
            message += ", \(Int(inodesFreePercent.rounded()))% inodes free"
        }
        return Observation(message: message, metrics: metrics)
    }
}
