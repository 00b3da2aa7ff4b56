import Dispatch
import VigilCore

/// One check's timer and run state. Touched only on the decision loop's queue (hence unchecked).
final class ScheduledCheck: @unchecked Sendable {
    let definition: CheckDefinition
    let timer: DispatchSourceTimer
    var overrun = OverrunGuard()
    /// The run in flight, cancelled when the check is removed, changed or the daemon stops.
    var task: Task<Void, Never>?
    /// A blocking probe's run in flight: it cannot be cancelled, its own deadline ends it.
    var blockingRun = false
    /// Whether a run has not returned yet; the check may not start again until it did.
    var isRunning: Bool { task != nil || blockingRun }

    /// Arms a repeating timer on the monotonic clock, first firing at the check's splay after the
    /// last grid line: every check's timer falls on the same grid, whenever it was armed, so the
    /// checks of a slot fire in one wake-up.
    /// The first deadline and the period, in nanoseconds of uptime: every later deadline is on that grid.
    private let firstDeadline: UInt64
    private let period: UInt64

    init(_ definition: CheckDefinition, queue: DispatchQueue, fire: @escaping @Sendable () -> Void) {
        self.definition = definition
        timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        let splay = UInt64(DurationText.milliseconds(Splay.offset(for: definition.name, interval: definition.interval))) * 1_000_000
        let grid = UInt64(DurationText.milliseconds(Splay.grid)) * 1_000_000
        let now = DispatchTime.now().uptimeNanoseconds
        let interval = DurationText.milliseconds(definition.interval)
        firstDeadline = now - now % grid + splay
        period = max(UInt64(interval) * 1_000_000, 1)
        timer.schedule(deadline: DispatchTime(uptimeNanoseconds: firstDeadline), repeating: .milliseconds(Int(interval)),
                       leeway: .milliseconds(Int(min(interval / 20, 250))))
        timer.setEventHandler(handler: fire)
        timer.resume()
    }

    /// How long after its latest deadline the timer fired at `time`; a firing early within the
    /// leeway counts as on time.
    func lateness(at time: DispatchTime) -> Duration {
        let now = time.uptimeNanoseconds
        guard now > firstDeadline else { return .zero }
        let past = (now - firstDeadline) % period
        return past > period / 2 ? .zero : .nanoseconds(Int64(past))
    }

    func cancel() {
        timer.cancel()
        task?.cancel()
        task = nil
    }
}
