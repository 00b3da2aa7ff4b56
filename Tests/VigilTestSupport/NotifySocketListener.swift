import Foundation
import Glibc

/// Stands in for the service manager's notify socket: an `AF_UNIX`/`SOCK_DGRAM` socket bound at a
/// temporary path, whose datagrams (`READY=1`, `STATUS=…`, …) a test reads back.
public final class NotifySocketListener {
    public let path: String
    private let socketDescriptor: Int32
    private let directory: String

    public init() throws {
        var template = Array("/tmp/vigil-notify.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!).map { String(cString: $0) } }
        guard let made else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        directory = made
        path = directory + "/notify.sock"
        socketDescriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        precondition(path.utf8.count < capacity, "socket path too long: \(path)")
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(socketDescriptor)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    deinit {
        close(socketDescriptor)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The next datagram, or `nil` if none arrives within `timeout`.
    public func receive(timeout: Duration = .seconds(5)) -> String? {
        var pollDescriptor = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&pollDescriptor, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(socketDescriptor, &buffer, buffer.count, 0)
        guard count >= 0 else { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    /// Every datagram that arrives until `timeout` passes with nothing new.
    public func receiveAll(quietFor timeout: Duration = .milliseconds(200)) -> [String] {
        var datagrams: [String] = []
        while let datagram = receive(timeout: timeout) { datagrams.append(datagram) }
        return datagrams
    }
}
