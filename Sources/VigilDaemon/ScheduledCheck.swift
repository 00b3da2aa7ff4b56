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

    /// Arms a repeating timer on the monotonic clock, first firing after the check's splay.
    init(_ definition: CheckDefinition, queue: DispatchQueue, fire: @escaping @Sendable () -> Void) {
        self.definition = definition
        timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        let splay = DurationText.milliseconds(Splay.offset(for: definition.name, interval: definition.interval))
        let interval = DurationText.milliseconds(definition.interval)
        timer.schedule(deadline: .now() + .milliseconds(Int(splay)), repeating: .milliseconds(Int(interval)),
                       leeway: .milliseconds(Int(min(interval / 20, 250))))
        timer.setEventHandler(handler: fire)
        timer.resume()
    }

    func cancel() {
        timer.cancel()
        task?.cancel()
        task = nil
    }
}
