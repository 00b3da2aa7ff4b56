import Glibc
import VigilCore

/// A `memory` check: `MemAvailable` as a share of `MemTotal`, read from `/proc/meminfo`.
public struct MemoryProbe: BlockingProbe {
    public let meminfoPath: String

    public init(meminfoPath: String = "/proc/meminfo") {
        self.meminfoPath = meminfoPath
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        let path = meminfoPath
        let text = try KernelFile.read(path)
        let info: MemInfo
        do throws(MemInfo.ParseError) { info = try MemInfo.parse(text) } catch { throw ProbeError("\(path): \(error.description)") }
        let percent = info.availablePercent
        return Observation(
            message: "\(Self.size(info.availableKiB, unitOf: info.totalKiB)) of \(Self.size(info.totalKiB, unitOf: info.totalKiB)) available (\(Int(percent.rounded()))%)",
            metrics: ["available_percent": percent])
    }

    /// `23.1 GiB`, in the unit that suits the total (so both numbers of a message share it).
    static func size(_ kibibytes: UInt64, unitOf total: UInt64) -> String {
        let (divisor, unit): (Double, String) = total >= 1 << 20 ? (1_048_576, "GiB") : total >= 1 << 10 ? (1024, "MiB") : (1, "KiB")
        let value = (Double(kibibytes) / divisor * 10).rounded() / 10
        return "\(value) \(unit)"
    }
}
