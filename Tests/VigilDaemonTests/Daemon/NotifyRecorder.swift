import Foundation
import VigilTestSupport

/// Records every datagram the daemon sends to its notify socket, with the instant it arrived, so
/// a test can ask about order and cadence after the fact instead of racing the daemon.
final class NotifyRecorder: @unchecked Sendable {
    /// One `sd_notify` message: its `KEY=value` lines and when it arrived.
    struct Datagram: Sendable, CustomStringConvertible {
        let text: String
        let arrival: ContinuousClock.Instant

        var fields: [String: String] {
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            return fields
        }

        func has(_ key: String, _ value: String) -> Bool { fields[key] == value }

        var description: String { text.replacingOccurrences(of: "\n", with: "\\n") }
    }

    let socketPath: String
    private let inbox = Inbox()
    private let finished = DispatchSemaphore(value: 0)

    init() throws {
        let listener = ListenerBox(try NotifySocketListener())
        socketPath = listener.listener.path
        let (inbox, finished) = (inbox, finished)
        Thread {
            while !inbox.isStopped {
                if let text = listener.listener.receive(timeout: .milliseconds(100)) {
                    inbox.append(Datagram(text: text, arrival: .now))
                }
            }
            finished.signal()
        }.start()
    }

    deinit {
        inbox.stop()
        finished.wait()
    }

    /// Every datagram so far, oldest first.
    var datagrams: [Datagram] { inbox.all }

    /// The first datagram at index `from` or later that satisfies `condition`, waiting up to `timeout`.
    func first(from: Int = 0, timeout: Duration = .seconds(20),
               where condition: (Datagram) -> Bool) -> (index: Int, datagram: Datagram)? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let all = datagrams
            if from < all.count, let index = all[from...].firstIndex(where: condition) {
                return (index, all[index])
            }
            if ContinuousClock.now >= deadline { return nil }
            usleep(20_000)
        }
    }

    /// The datagrams that arrived within `window` (inclusive start, exclusive end).
    func arrived(in window: Range<ContinuousClock.Instant>) -> [Datagram] {
        datagrams.filter { window.contains($0.arrival) }
    }
}

private final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [NotifyRecorder.Datagram] = []
    private var stopped = false

    func append(_ datagram: NotifyRecorder.Datagram) { lock.withLock { received.append(datagram) } }
    var all: [NotifyRecorder.Datagram] { lock.withLock { received } }
    func stop() { lock.withLock { stopped = true } }
    var isStopped: Bool { lock.withLock { stopped } }
}

/// The listener is used by the reader thread alone once recording starts.
private final class ListenerBox: @unchecked Sendable {
    let listener: NotifySocketListener
    init(_ listener: NotifySocketListener) { self.listener = listener }
}
