import Testing
import VigilCore
import VigilLoad
import VigilTestSupport

/// Load runs against a real service on loopback (`load_server.py`), switched slow and failing by
/// the test: the counts and bounds the server saw, the thresholds that pass and then fail, a rate
/// held, and latency from the intended send time when the server falls behind.
@Suite("LoadRunner", .serialized)
struct LoadRunnerTests {
    func scenario(_ service: LoadService, concurrency: Int = 4, bound: LoadScenario.Bound, rate: Double? = nil,
                  timeout: Duration = .seconds(10), thresholds: LoadThresholds = LoadThresholds()) -> LoadScenario {
        LoadScenario(concurrency: concurrency, bound: bound, rate: rate, timeout: timeout, thresholds: thresholds,
                     requests: [LoadRequest(url: service.url("/api/items")),
                                LoadRequest(method: "POST", url: service.url("/api/orders"), headers: [.init("Content-Type", "application/json")],
                                            body: "{\"item\":1}")])
    }

    @Test("requests = 60 over 4 connections: exactly 60 served, in turn, no error, every threshold holds")
    func requestCount() throws {
        let service = try LoadService()
        let report = try LoadRunner(scenario: scenario(service, bound: .requests(60))).run()
        #expect(report.requests == 60 && report.errorCount == 0, "\(report)")
        let served = service.served()
        #expect(served.count == 60)
        #expect(served.filter { $0.method == "POST" && $0.path == "/api/orders" }.count == 30)
        #expect(report.connectionsOpened == 4, "keep-alive: one connection per worker, got \(report.connectionsOpened)")
        #expect(report.latency.min > 0 && report.latency.min <= report.latency.p50 && report.latency.p50 <= report.latency.p99
                && report.latency.p99 <= report.latency.max)
        #expect(LoadJudgement.verdict(report, LoadThresholds()).passed)
    }

    @Test("the service slows down and fails 10 % of requests: max_error_percent and p99_ms fail, max_average_ms holds")
    func slowAndFailing() throws {
        let service = try LoadService()
        let thresholds = LoadThresholds(maxErrorPercent: 5, p99Ms: 50)
        let healthy = try LoadRunner(scenario: scenario(service, bound: .requests(100), thresholds: thresholds)).run()
        let before = LoadJudgement.verdict(healthy, thresholds)
        #expect(before.passed, "\(before.failures) \(healthy)")

        try service.slow(milliseconds: 80)
        try service.fail(percent: 10)
        let sick = try LoadRunner(scenario: scenario(service, concurrency: 5, bound: .requests(100), thresholds: thresholds)).run()
        #expect(sick.requests == 100 && sick.errors == ["status_5xx": 10] && sick.errorPercent == 10, "\(sick)")
        #expect(sick.latency.p50 >= 80)
        let after = LoadJudgement.verdict(sick, thresholds)
        #expect(after.failures.map(\.threshold) == ["max_error_percent", "p99_ms"], "\(after)")
        #expect(after.failures.first?.description == "max_error_percent: measured 10.00 > 5")
    }

    @Test("rate = 40 for 1.5s: about 60 requests, spread over the run, not sent in a burst")
    func rateIsHeld() throws {
        let service = try LoadService()
        let report = try LoadRunner(scenario: scenario(service, concurrency: 2, bound: .duration(.milliseconds(1500)), rate: 40)).run()
        #expect((58...60).contains(report.requests), "\(report)")
        let times = service.served().map(\.time)
        let span = try #require(times.max()) - (try #require(times.min()))
        #expect(span > 1.3 && span < 1.7, "served over \(span) s")
        #expect(report.elapsedSeconds > 1.4 && report.elapsedSeconds < 2.0)
    }

    @Test("no coordinated omission: at 20/s on one connection to a 200 ms server, latency counts the queue behind each request")
    func latencyFromIntendedTime() throws {
        let service = try LoadService()
        try service.slow(milliseconds: 200)
        // 20 requests due within a second, answered one at a time in 200 ms each: the last is
        // answered about 4 s after its start and 3 s after it was due.
        let paced = try LoadRunner(scenario: scenario(service, concurrency: 1, bound: .duration(.seconds(1)), rate: 20)).run()
        #expect(paced.requests == 20, "\(paced)")
        #expect(paced.latency.min >= 200 && paced.latency.max > 2500 && paced.latency.p50 > 1000, "\(paced.latency)")
        // Without a rate, each request is timed from its own send: the service time alone.
        let closed = try LoadRunner(scenario: scenario(service, concurrency: 1, bound: .requests(5))).run()
        #expect(closed.latency.max < 1000 && closed.latency.min >= 200, "\(closed.latency)")
    }

    @Test("duration = 1s without a rate: the run stops by itself about then")
    func durationBound() throws {
        let service = try LoadService()
        let started = ContinuousClock.now
        let report = try LoadRunner(scenario: scenario(service, concurrency: 2, bound: .duration(.seconds(1)))).run()
        let took = ContinuousClock.now - started
        #expect(report.requests > 10 && report.errorCount == 0, "\(report)")
        #expect(report.elapsedSeconds >= 1 && report.elapsedSeconds < 1.5, "\(report.elapsedSeconds)")
        #expect(took < .seconds(3))
    }

    @Test("a request slower than its timeout counts as a timeout error, and the run goes on")
    func timeouts() throws {
        let service = try LoadService()
        try service.slow(milliseconds: 600)
        let report = try LoadRunner(scenario: scenario(service, concurrency: 1, bound: .requests(3), timeout: .milliseconds(150))).run()
        #expect(report.requests == 3 && report.errors == ["timeout": 3], "\(report)")
        #expect(report.latency == .zero)
    }

    @Test("nothing listening: the run is refused at once, saying why")
    func nothingListening() throws {
        let port = try LoopbackPort.free()
        let scenario = LoadScenario(concurrency: 2, bound: .duration(.seconds(30)), requests: [LoadRequest(url: "http://127.0.0.1:\(port)/")])
        let started = ContinuousClock.now
        #expect(throws: LoadRunError("cannot connect to 127.0.0.1:\(port): Connection refused")) { try LoadRunner(scenario: scenario).run() }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("the service gone in the middle of a run: the requests after it are connect errors, and the run still ends")
    func serviceGone() throws {
        var service: LoadService? = try LoadService()
        let scenario = scenario(service!, concurrency: 2, bound: .duration(.milliseconds(1500)), rate: 40)
        let report = try ThreadedRun { try LoadRunner(scenario: scenario).run() }.afterDelay(.milliseconds(600)) { service = nil }
        #expect(report.requests > 40 && report.errorCount > 10, "\(report)")
        #expect(Set(report.errors.keys).isSubset(of: ["connect", "io"]), "\(report.errors)")
        #expect(report.connectionsOpened >= 2)
    }

    @Test("requests to two servers are refused before the run")
    func oneOrigin() throws {
        let scenario = LoadScenario(concurrency: 1, bound: .requests(1), requests: [
            LoadRequest(url: "http://127.0.0.1:1/a"), LoadRequest(url: "http://127.0.0.2:1/b"),
        ])
        #expect(throws: LoadRunError("http://127.0.0.2:1/b: every request must go to 127.0.0.1:1, as http://127.0.0.1:1/a does")) {
            try LoadRunner(scenario: scenario).run()
        }
    }
}
