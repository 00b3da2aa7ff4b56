import Testing
import VigilCore
import VigilProbes
import VigilTestSupport

/// The `load` check's probe against a real service (`Tests/Fixtures/load_server.py`): its figures
/// as metrics, an unreachable service as a failure naming it, and a run that ends before the
/// check's deadline even when every request hangs.
@Suite(.serialized) struct LoadProbeTests {
    static func settings(_ url: String, requests: Int, rate: Double = 20) -> LoadCheckSettings {
        LoadCheckSettings(scenario: LoadScenario(concurrency: 2, bound: .requests(requests), rate: rate, requests: [LoadRequest(url: url)]))
    }

    @Test("10 requests at 20/s: the metrics the thresholds read, and a summary")
    func metrics() throws {
        let service = try LoadService()
        let observation = try LoadProbe(settings: Self.settings(service.url(), requests: 10)).observeBlocking(until: .now + .seconds(10))
        #expect(observation.status == .healthy)
        #expect(observation.metrics["requests"] == 10 && observation.metrics["error_percent"] == 0, "\(observation.metrics)")
        #expect(Set(observation.metrics.keys).isSuperset(of: LoadCheckSettings.metrics.keys))
        #expect(observation.message.hasPrefix("10 requests in 0."), "\(observation.message)")
        #expect(service.served().count == 10)
    }

    @Test("nothing listening: the check fails naming the service")
    func unreachable() throws {
        let port = try LoopbackPort.free()
        #expect(throws: ProbeError("cannot connect to 127.0.0.1:\(port): Connection refused")) {
            try LoadProbe(settings: Self.settings("http://127.0.0.1:\(port)/", requests: 4)).observeBlocking(until: .now + .seconds(10))
        }
    }

    @Test("a service that hangs: each request cut off in time for the run to end before the deadline")
    func endsBeforeTheDeadline() throws {
        let service = try LoadService()
        try service.slow(milliseconds: 5000)
        let started = ContinuousClock.now
        let observation = try LoadProbe(settings: Self.settings(service.url(), requests: 2, rate: 10)).observeBlocking(until: .now + .seconds(2))
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(observation.metrics["error_percent"] == 100 && observation.message.contains("timeout 2"), "\(observation.message)")
    }
}
