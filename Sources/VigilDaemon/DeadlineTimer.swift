import Dispatch
import FoundationEssentials

/// One Dispatch timer at a wall-clock deadline, replaced only when the deadline moved: the engine,
/// the incident desk, the outbox and the maintenance desk each wake at their next deadline this way.
///
/// Touched on its queue only (hence unchecked); `fire` runs there with the deadline it was armed for.
final class DeadlineTimer: @unchecked Sendable {
    private let queue: DispatchQueue
    private let fire: (Date) -> Void
    private var timer: DispatchSourceTimer?
    /// The deadline `timer` fires at.
    private(set) var armed: Date?

    init(queue: DispatchQueue, fire: @escaping (Date) -> Void) {
        self.queue = queue
        self.fire = fire
    }

    deinit {
        timer?.cancel()
    }

    /// Fires once at `deadline` (at once when it passed); `nil` cancels.
    func arm(at deadline: Date?) {
        guard deadline != armed else { return }
        timer?.cancel()
        timer = nil
        armed = deadline
        guard let deadline else { return }
        let milliseconds = min(max(Int(deadline.timeIntervalSinceNow * 1000), 0), Int(Int32.max)) + 1
        let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(milliseconds))
        timer.setEventHandler { [unowned self] in
            armed = nil
            fire(deadline)
        }
        timer.resume()
        self.timer = timer
    }
}
