import Glibc

/// A Unix stream socket that accepts connections (the kernel's backlog does) and never says a
/// word: a D-Bus daemon that is frozen, for testing that bus clients keep their deadlines.
public final class SilentBusSocket {
    public let path: String
    private let socketDescriptor: Int32
    private let directory: String

    /// The D-Bus address of the socket (`unix:path=…`).
    public var address: String { "unix:path=" + path }

    public init() throws {
        var template = Array("/tmp/vigil-bus.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!).map { String(cString: $0) } }
        guard let made else { throw SilentBusSocketError(errno: errno) }
        directory = made
        path = directory + "/bus.sock"
        socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketDescriptor >= 0 else { throw SilentBusSocketError(errno: errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(socketDescriptor, 16) == 0 else {
            let code = errno
            close(socketDescriptor)
            throw SilentBusSocketError(errno: code)
        }
    }

    deinit {
        close(socketDescriptor)
        unlink(path)
        rmdir(directory)
    }
}

public struct SilentBusSocketError: Error, CustomStringConvertible {
    public var errno: Int32
    public var description: String { String(cString: strerror(errno)) }
}
