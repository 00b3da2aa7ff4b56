import Glibc

/// Reads one non-blocking pipe from a child, keeping what its `OutputCapture` asks for (the
/// first bytes as they come, the last ones in a ring) and counting what it drops.
struct OutputCollector {
    private(set) var descriptor: Int32
    private let capture: OutputCapture
    private var head: [UInt8] = []
    /// A ring of `capture.last` bytes once full; `ringStart` is its oldest byte.
    private var ring: [UInt8] = []
    private var ringStart = 0
    /// Bytes read and not kept.
    private(set) var dropped = 0

    init(descriptor: Int32, capture: OutputCapture) {
        self.descriptor = descriptor
        self.capture = capture
    }

    var isOpen: Bool { descriptor >= 0 }

    /// Reads whatever is ready now; closes the pipe at end of file or on an error.
    mutating func drain() {
        guard isOpen else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { chunk in
            while true {
                let count = read(descriptor, chunk.baseAddress, chunk.count)
                if count > 0 {
                    keep(UnsafeBufferPointer(rebasing: chunk[0..<count]))
                    continue
                }
                if count < 0, errno == EINTR { continue }
                if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return }
                close()
                return
            }
        }
    }

    /// Appends to the head while it has room, then to the ring, overwriting its oldest bytes.
    mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>) {
        var bytes = bytes[...]
        let room = capture.first - head.count
        if room > 0 {
            head.append(contentsOf: bytes.prefix(room))
            bytes = bytes.dropFirst(room)
        }
        let capacity = capture.last
        guard capacity > 0 else {
            dropped += bytes.count
            return
        }
        if bytes.count > capacity {
            // Only the chunk's own last bytes can survive: the ring starts over with them.
            dropped += ring.count + bytes.count - capacity
            ring = Array(bytes.suffix(capacity))
            ringStart = 0
            return
        }
        let free = capacity - ring.count
        if free > 0 {
            ring.append(contentsOf: bytes.prefix(free))
            bytes = bytes.dropFirst(free)
        }
        // The ring is full: the chunk overwrites its oldest bytes, up to its end, then from its start.
        dropped += bytes.count
        while !bytes.isEmpty {
            let run = min(bytes.count, capacity - ringStart)
            ring.replaceSubrange(ringStart..<(ringStart + run), with: bytes.prefix(run))
            bytes = bytes.dropFirst(run)
            ringStart = (ringStart + run) % capacity
        }
    }

    mutating func close() {
        guard isOpen else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    /// The head, then the ring from its oldest byte.
    var kept: [UInt8] { head + ring[ringStart...] + ring[..<ringStart] }

    var text: String { String(decoding: kept, as: UTF8.self) }
}
