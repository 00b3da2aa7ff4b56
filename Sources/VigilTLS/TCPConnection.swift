import Glibc

/// A TCP connection made without blocking past a deadline: the address resolved, a non-blocking
/// connect, and every wait a `poll` bounded by what is left.
enum TCPConnection {
    static func open(host: String, port: Int, until deadline: ContinuousClock.Instant) throws(TLSError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let first = found else {
            throw TLSError("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(found) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue),
                                      address.pointee.ai_protocol)
            guard socket >= 0 else { continue }
            if connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return socket }
            if errno == EINPROGRESS {
                do {
                    try wait(socket, for: Int16(POLLOUT), until: deadline, doing: "connecting to \(host):\(port)")
                    var failure: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(socket, SOL_SOCKET, SO_ERROR, &failure, &length)
                    if failure == 0 { return socket }
                    lastError = String(cString: strerror(failure))
                } catch {
                    close(socket)
                    throw error
                }
            } else {
                lastError = String(cString: strerror(errno))
            }
            close(socket)
        }
        throw TLSError("cannot connect to \(host):\(port): \(lastError)")
    }

    /// Waits until `socket` is ready for `events`, or throws when the deadline passes first.
    static func wait(_ socket: Int32, for events: Int16, until deadline: ContinuousClock.Instant, doing what: String) throws(TLSError) {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw TLSError("timed out during \(what)") }
            let milliseconds = Int32(min(max(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000, 1), 60_000))
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw TLSError("poll failed during \(what): \(String(cString: strerror(errno)))") }
        }
    }

    static func writeAll(_ socket: Int32, _ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(TLSError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                sent += count
            } else if count < 0 && (errno == EAGAIN || errno == EINTR) {
                try wait(socket, for: Int16(POLLOUT), until: deadline, doing: "sending")
            } else {
                throw TLSError("cannot send: \(String(cString: strerror(errno)))")
            }
        }
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
