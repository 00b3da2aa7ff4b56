import CSpawn
import Glibc

/// Writes a child's stdin through a non-blocking pipe as the child reads it, from the same poll
/// loop that reads its output: a child that never reads blocks nothing, and is ended at its
/// deadline like any other.
struct InputFeeder {
    private(set) var descriptor: Int32
    private let bytes: [UInt8]
    private var written = 0

    /// `descriptor` -1: the child has /dev/null and there is nothing to feed.
    init(descriptor: Int32, bytes: [UInt8]) {
        self.descriptor = descriptor
        self.bytes = bytes
        if descriptor >= 0 && bytes.isEmpty { close() }
    }

    var isOpen: Bool { descriptor >= 0 }

    /// Writes what the pipe takes now; closes it (the child reads end of file) once all is
    /// written, or when the child closed its end (EPIPE) or another error ends the write.
    mutating func feed() {
        guard isOpen else { return }
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                vigil_write_without_sigpipe(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count > 0 {
                written += count
                continue
            }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return }
            break
        }
        close()
    }

    mutating func close() {
        guard isOpen else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }
}
