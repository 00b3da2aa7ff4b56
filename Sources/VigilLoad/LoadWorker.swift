import NIOCore
import NIOHTTP1
import NIOPosix
import VigilCore

/// One of a run's `concurrency` connections: one request outstanding at a time over a keep-alive
/// HTTP/1.1 connection, reopened after an error. Lives on one event loop and is touched only there.
final class LoadWorker {
    private struct InFlight {
        var id: Int
        /// Where this request's latency counts from: its intended time with a rate, its send otherwise.
        var latencyStart: NIODeadline
        /// When it was written: its timeout counts from here.
        var sentAt: NIODeadline
    }

    private let index: Int
    private let plan: LoadPlan
    private let loop: any EventLoop
    private let run: LoopRun
    /// How many requests this worker started; its n-th is the run's `n * concurrency + index`-th.
    private var started = 0
    private var channel: (any Channel)?
    private var handler: LoadConnectionHandler?
    /// Bumped whenever a connection is given up, so late news from it is ignored.
    private var generation = 0
    private var inFlight: InFlight?
    /// One timer per connection, re-armed only when it fires, rather than one per request: a
    /// timer set and cancelled for every request costs a timerfd update each round trip.
    private var watchdog: Scheduled<Void>?
    private var finished = false

    init(index: Int, plan: LoadPlan, loop: any EventLoop, run: LoopRun) {
        self.index = index
        self.plan = plan
        self.loop = loop
        self.run = run
    }

    func start() { next() }

    /// Starts the next request when it is due, or finishes at the run's count or duration.
    private func next() {
        guard !finished else { return }
        let number = started * plan.concurrency + index
        if let limit = plan.requestLimit, number >= limit { return finish() }
        let now = NIODeadline.now()
        let intended = plan.intendedTime(number)
        if let end = plan.end, (intended ?? now) >= end { return finish() }
        started += 1
        let request = plan.requests[number % plan.requests.count]
        if let intended, intended > now {
            loop.assumeIsolated().scheduleTask(deadline: intended) { self.send(request, id: number, latencyStart: intended) }
        } else {
            send(request, id: number, latencyStart: intended ?? now)
        }
    }

    private func send(_ request: PreparedRequest, id: Int, latencyStart: NIODeadline) {
        let now = NIODeadline.now()
        inFlight = InFlight(id: id, latencyStart: latencyStart, sentAt: now)
        if watchdog == nil { arm(at: now + plan.timeout) }
        if let handler { handler.send(request) } else { connect(then: request) }
    }

    private func connect(then request: PreparedRequest) {
        generation += 1
        let generation = generation
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(plan.timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHTTPClientHandlers() }
            }
            .connect(host: plan.target.host, port: plan.target.port)
            .assumeIsolated()
            .whenComplete { result in self.connected(result, generation: generation, then: request) }
    }

    private func connected(_ result: Result<any Channel, any Error>, generation: Int, then request: PreparedRequest) {
        guard generation == self.generation, !finished else {
            if case .success(let channel) = result { channel.close(promise: nil) }
            return
        }
        switch result {
        case .success(let channel):
            run.tally.connectionsOpened += 1
            let handler = LoadConnectionHandler(generation: generation, worker: self)
            do {
                try channel.pipeline.syncOperations.addHandler(handler)
            } catch {
                channel.close(promise: nil)
                return failed(.io)
            }
            self.channel = channel
            self.handler = handler
            handler.send(request)
        case .failure:
            failed(.connect)
        }
    }

    /// A whole answer came on the current connection.
    func answered(status: Int, keepAlive: Bool, generation: Int) {
        guard generation == self.generation, let request = inFlight else { return }
        inFlight = nil
        let now = NIODeadline.now()
        run.tally.answered(latencyNanoseconds: (now - request.latencyStart).nanoseconds, status: status, at: now)
        if !keepAlive { dropConnection() }
        next()
    }

    /// The current connection closed: an error for the request on it, if any.
    func connectionEnded(generation: Int) {
        guard generation == self.generation else { return }
        channel = nil
        handler = nil
        self.generation += 1
        if inFlight != nil { failed(.io) }
    }

    private func arm(at deadline: NIODeadline) {
        watchdog = loop.assumeIsolated().scheduleTask(deadline: deadline) { self.watchdogFired() }
    }

    /// Times out the request under way if it is past its timeout, else waits for when it will be.
    private func watchdogFired() {
        watchdog = nil
        guard !finished, let request = inFlight else { return }
        let due = request.sentAt + plan.timeout
        if NIODeadline.now() >= due { timedOut() } else { arm(at: due) }
    }

    private func timedOut() {
        // The late answer would be taken for the next request's: this connection is done.
        dropConnection()
        inFlight = nil
        run.tally.failed(.timeout, at: .now())
        next()
    }

    private func failed(_ kind: LoadErrorKind) {
        guard inFlight != nil else { return }
        inFlight = nil
        run.tally.failed(kind, at: .now())
        dropConnection()
        // Without a rate, a refused connection would otherwise be retried in a tight loop.
        if kind == .connect && plan.rate == nil {
            loop.assumeIsolated().scheduleTask(in: .milliseconds(10)) { self.next() }
        } else {
            next()
        }
    }

    private func dropConnection() {
        generation += 1
        channel?.close(promise: nil)
        channel = nil
        handler = nil
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        watchdog?.cancel()
        watchdog = nil
        dropConnection()
        run.workerFinished()
    }
}
