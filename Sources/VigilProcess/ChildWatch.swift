import CSpawn
import Glibc

/// Waits on a child's pipes and on its end at once, without reaping it.
///
/// With a pidfd the child's end wakes `poll()` directly; without one (older kernels) the wait
/// is sliced into short ticks that re-check the child.
struct ChildWatch {
    let pid: pid_t
    let exitDescriptor: Int32
    private var terminated = false

    init(pid: pid_t, exitDescriptor: Int32) {
        self.pid = pid
        self.exitDescriptor = exitDescriptor
    }

    /// True once the child has ended; it stays unreaped (a zombie) until `vigil_reap`.
    mutating func hasTerminated() -> Bool {
        if !terminated { terminated = vigil_has_terminated(pid) != 0 }
        return terminated
    }

    /// Blocks until output arrives, stdin takes more, a pipe closes, the child ends, or `until`
    /// passes, then reads whatever is ready and writes what stdin takes.
    mutating func wait(until: ContinuousClock.Instant, stdin: inout InputFeeder, stdout: inout OutputCollector, stderr: inout OutputCollector) {
        var descriptors: [pollfd] = []
        if stdin.isOpen { descriptors.append(pollfd(fd: stdin.descriptor, events: Int16(POLLOUT), revents: 0)) }
        if stdout.isOpen { descriptors.append(pollfd(fd: stdout.descriptor, events: Int16(POLLIN), revents: 0)) }
        if stderr.isOpen { descriptors.append(pollfd(fd: stderr.descriptor, events: Int16(POLLIN), revents: 0)) }
        let watchesExit = !terminated && exitDescriptor >= 0
        if watchesExit { descriptors.append(pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0)) }

        var timeout = Self.milliseconds(until: until)
        if !terminated && exitDescriptor < 0 { timeout = min(timeout, 10) }
        if descriptors.isEmpty {
            if timeout > 0 { usleep(UInt32(min(timeout, 10)) * 1000) }
            return
        }
        _ = poll(&descriptors, nfds_t(descriptors.count), timeout)
        stdin.feed()
        stdout.drain()
        stderr.drain()
    }

    /// Milliseconds left until `instant`, rounded up so the wait never ends just short of it.
    static func milliseconds(until instant: ContinuousClock.Instant) -> Int32 {
        let remaining = ContinuousClock.now.duration(to: instant)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
