import NIOCore
import VigilCore

/// A scenario fixed in time for one run: when it started, when it ends, when each request is due.
struct LoadPlan: Sendable {
    var concurrency: Int
    var requestLimit: Int?
    var rate: Double?
    var timeout: TimeAmount
    var start: NIODeadline
    var end: NIODeadline?
    var target: LoadTarget
    var requests: [PreparedRequest]

    /// When the `index`-th request of the whole run is due with a rate: evenly spaced from the
    /// start. Latency counts from here, not from when it could be sent, so a server that stalls
    /// is charged for every request it kept waiting (no coordinated omission).
    func intendedTime(_ index: Int) -> NIODeadline? {
        rate.map { start + .nanoseconds(Int64((Double(index) * 1e9 / $0).rounded())) }
    }
}

/// The workers of one event loop: their shared tally, and the promise kept when the last is done.
final class LoopRun {
    var tally = LoadTally()
    private var remaining: Int
    private let promise: EventLoopPromise<LoadTally>

    init(workers: Int, promise: EventLoopPromise<LoadTally>) {
        remaining = workers
        self.promise = promise
        if workers == 0 { promise.succeed(tally) }
    }

    var promiseFuture: EventLoopFuture<LoadTally> { promise.futureResult }

    func workerFinished() {
        remaining -= 1
        if remaining == 0 { promise.succeed(tally) }
    }
}
