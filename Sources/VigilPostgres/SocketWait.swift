import Glibc

/// Waits for libpq's socket with `poll()`, never past a deadline: the only wait that holds
/// when the server is frozen (libpq's own blocking calls would wait for ever).
enum SocketWait {
    enum Outcome { case ready, timedOut }

    static func wait(socket: Int32, for events: Int32, until deadline: ContinuousClock.Instant) -> Outcome {
        var descriptor = pollfd(fd: socket, events: Int16(events), revents: 0)
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            let (seconds, attoseconds) = remaining.components
            let milliseconds = remaining <= .zero ? 0
                : min(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000, Int64(Int32.max))
            let ready = poll(&descriptor, 1, Int32(milliseconds))
            if ready > 0 { return .ready }
            if ready == 0 {
                if ContinuousClock.now >= deadline { return .timedOut }
                continue
            }
            if errno == EINTR { continue }
            // Any other failure belongs to libpq to discover and report on its next call.
            return .ready
        }
    }
}
