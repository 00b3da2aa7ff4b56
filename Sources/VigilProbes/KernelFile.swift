import Glibc

/// Small files the kernel writes (procfs, cgroupfs), read whole with plain `read(2)`: they report
/// a size of 0, so nothing that trusts `stat` reads them.
public enum KernelFile {
    public static func read(_ path: String, limit: Int = 1 << 20) throws(ProbeError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ProbeError("\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ProbeError("\(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes += buffer[..<count]
            guard bytes.count <= limit else { throw ProbeError("\(path): larger than \(limit / 1024) KiB, not what the kernel writes there") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
