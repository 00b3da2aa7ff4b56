import NIOCore
import NIOPosix
import VigilCore

/// Runs a load scenario and measures it: `concurrency` keep-alive connections spread over a few
/// event loops, each with one request outstanding, until the run's duration or count; latencies
/// go into an HdrHistogram. Blocks the calling thread for the run, which stops by itself.
public struct LoadRunner: Sendable {
    public let scenario: LoadScenario
    /// Event loop threads: one per core at most, and never more than there are connections.
    public let threads: Int

    public init(scenario: LoadScenario, threads: Int? = nil) {
        self.scenario = scenario
        self.threads = max(1, min(scenario.concurrency, threads ?? System.coreCount))
    }

    /// Opens and closes one connection before the run: a service that cannot be reached at all
    /// is a run that cannot be made, said at once, not a duration's worth of connect errors.
    static func connectOnce(to target: LoadTarget, timeout: Duration, on loop: any EventLoop) throws(LoadRunError) {
        do {
            let channel = try ClientBootstrap(group: loop)
                .connectTimeout(.milliseconds(max(1, DurationText.milliseconds(timeout))))
                .connect(host: target.host, port: target.port).wait()
            try? channel.close().wait()
        } catch {
            throw LoadRunError("cannot connect to \(target.origin): \(ConnectFailure.describe(error, host: target.host))")
        }
    }

    public func run() throws(LoadRunError) -> LoadReport {
        guard let first = scenario.requests.first else { throw LoadRunError("the scenario has no [[request]]") }
        var targets: [LoadTarget] = []
        for request in scenario.requests {
            guard let target = request.target else { throw LoadRunError("\(request.url): not an http:// URL with a host") }
            guard target.origin == targets.first?.origin ?? target.origin else {
                throw LoadRunError("\(request.url): every request must go to \(targets[0].origin), as \(first.url) does")
            }
            targets.append(target)
        }
        guard scenario.concurrency >= 1 else { throw LoadRunError("concurrency must be at least 1") }
        let prepared = zip(scenario.requests, targets).map { PreparedRequest($0, target: $1) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        defer { try? group.syncShutdownGracefully() }
        try Self.connectOnce(to: targets[0], timeout: scenario.timeout, on: group.next())

        let start = NIODeadline.now()
        var end: NIODeadline?
        var limit: Int?
        switch scenario.bound {
        case .duration(let duration): end = start + .nanoseconds(Int64(DurationText.milliseconds(duration)) * 1_000_000)
        case .requests(let count): limit = count
        }
        let plan = LoadPlan(concurrency: scenario.concurrency, requestLimit: limit, rate: scenario.rate,
                            timeout: .milliseconds(max(1, DurationText.milliseconds(scenario.timeout))), start: start, end: end,
                            target: targets[0], requests: prepared)
        let loops = Array(group.makeIterator())
        let concurrency = scenario.concurrency
        let futures = loops.enumerated().map { offset, loop in
            loop.flatSubmit {
                let workers = Array(stride(from: offset, to: concurrency, by: loops.count))
                let run = LoopRun(workers: workers.count, promise: loop.makePromise())
                for index in workers { LoadWorker(index: index, plan: plan, loop: loop, run: run).start() }
                return run.promiseFuture
            }
        }
        let tallies: [LoadTally]
        do {
            tallies = try EventLoopFuture.whenAllSucceed(futures, on: loops[0]).wait()
        } catch {
            throw LoadRunError("the run failed: \(error)")
        }
        var total = LoadTally()
        for tally in tallies { total.add(tally) }
        let report = total.report(since: start)
        // The service went away after the first connection: no figure of the run means anything.
        guard report.connectionsOpened > 0 else {
            throw LoadRunError("no connection to \(targets[0].origin) could be opened: \(report.errorSummary)")
        }
        return report
    }
}
