import Dispatch

/// The deadlines of the blocking runs in flight, kept by one timer on the loop's queue instead of
/// one timer per run: arming and cancelling a Dispatch timer costs the timer thread a wake-up each
/// time, and a run almost always ends long before its deadline. Touched only on `queue`.
public final class RunDeadlines: @unchecked Sendable {
    public let queue: DispatchQueue
    private let timer: any DispatchSourceTimer
    private var runs: [UInt64: (deadline: ContinuousClock.Instant, expire: @Sendable () -> Void)] = [:]
    private var lastID: UInt64 = 0
    /// When the timer fires next, if it is armed. A run that ends leaves it armed: it then fires
    /// once for nothing, which is cheaper than re-arming it at every end.
    private var armedFor: ContinuousClock.Instant?

    public init(queue: DispatchQueue) {
        self.queue = queue
        timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        timer.setEventHandler { [weak self] in self?.fire() }
        timer.resume()
    }

    deinit {
        timer.cancel()
    }

    /// Calls `expire` on the queue once `deadline` has passed, unless `end` came first.
    public func add(deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> UInt64 {
        dispatchPrecondition(condition: .onQueue(queue))
        lastID += 1
        runs[lastID] = (deadline, expire)
        if armedFor.map({ deadline < $0 }) ?? true { arm(at: deadline) }
        return lastID
    }

    /// The run ended: true if it did before its deadline (its `expire` will never be called).
    public func end(_ id: UInt64) -> Bool {
        dispatchPrecondition(condition: .onQueue(queue))
        return runs.removeValue(forKey: id) != nil
    }

    /// How many runs are still waiting for their end or their deadline.
    public var pending: Int { runs.count }

    private func fire() {
        armedFor = nil
        let now = ContinuousClock.now
        let expired = runs.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
        for (id, run) in expired {
            runs[id] = nil
            run.expire()
        }
        if let next = runs.values.map(\.deadline).min() { arm(at: next) }
    }

    private func arm(at deadline: ContinuousClock.Instant) {
        armedFor = deadline
        let (seconds, attoseconds) = max(ContinuousClock.now.duration(to: deadline), .zero).components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds))
    }
}
