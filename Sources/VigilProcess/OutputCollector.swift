import Glibc

/// Reads one non-blocking pipe from a child, keeping the first `limit` bytes and dropping the
/// rest, so a chatty child never blocks on a full pipe and never fills Vigil's memory.
struct OutputCollector {
    private(set) var descriptor: Int32
    private let limit: Int
    private(set) var kept: [UInt8] = []

    init(descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = max(0, limit)
    }

    var isOpen: Bool { descriptor >= 0 }

    /// Reads whatever is ready now; closes the pipe at end of file or on an error.
    mutating func drain() {
        guard isOpen else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { chunk in
            while true {
                let count = read(descriptor, chunk.baseAddress, chunk.count)
                if count > 0 {
                    let room = limit - kept.count
                    if room > 0 { kept.append(contentsOf: chunk[0..<min(room, count)]) }
                    continue
                }
                if count < 0, errno == EINTR { continue }
                if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return }
                close()
                return
            }
        }
    }

    mutating func close() {
        guard isOpen else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    var text: String { String(decoding: kept, as: UTF8.self) }
}
