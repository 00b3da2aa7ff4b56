import Testing
import VigilCore
import VigilTestSupport
@testable import VigilProbes

@Suite struct HTTPProbeTests {
    let server: LoopbackHTTPServer

    init() throws {
        server = try LoopbackHTTPServer()
    }

    func check(_ settings: HTTPCheckSettings, timeout: Duration = .seconds(3),
               thresholds: [MetricThreshold] = []) -> CheckDefinition {
        CheckDefinition(name: "api", kind: .http(settings), interval: .seconds(10), timeout: timeout, thresholds: thresholds)
    }

    func run(_ settings: HTTPCheckSettings, timeout: Duration = .seconds(3),
             thresholds: [MetricThreshold] = []) async -> CheckResult {
        let definition = check(settings, timeout: timeout, thresholds: thresholds)
        return await ProbeRunner.run(definition, probe: HTTPProbe(settings: settings))
    }

    @Test func expectedStatusIsHealthyWithLatency() async throws {
        let result = await run(HTTPCheckSettings(url: server.url("/health")))
        #expect(result.status == .healthy, "\(result.message)")
        let latency = try #require(result.metrics["latency_ms"])
        #expect(latency >= 0 && latency < 3000)
        #expect(result.message.contains("answered 200"))
    }

    @Test func unexpectedStatusIsCritical() async {
        let result = await run(HTTPCheckSettings(url: server.url("/status/503")))
        #expect(result.status == .critical)
        #expect(result.message.contains("answered 503, expected 200"))
    }

    @Test func listedStatusesAreAccepted() async {
        let result = await run(HTTPCheckSettings(url: server.url("/status/204"), expectStatus: [200, 204]))
        #expect(result.status == .healthy, "\(result.message)")
    }

    @Test func redirectsAreSeenNotFollowed() async {
        let followed = await run(HTTPCheckSettings(url: server.url("/redirect")))
        #expect(followed.status == .critical)
        #expect(followed.message.contains("answered 302"))
        let accepted = await run(HTTPCheckSettings(url: server.url("/redirect"), expectStatus: [302]))
        #expect(accepted.status == .healthy)
    }

    @Test func bodyMustContainTheExpectedText() async {
        let good = await run(HTTPCheckSettings(url: server.url("/plugins/health"), expectBodyContains: "plugins ok"))
        #expect(good.status == .healthy, "\(good.message)")
        let bad = await run(HTTPCheckSettings(url: server.url("/health"), expectBodyContains: "plugins ok"))
        #expect(bad.status == .critical)
        #expect(bad.message.contains("without \"plugins ok\""))
    }

    @Test func onlyTheBodysFirstMebibyteIsSearched() async {
        let early = await run(HTTPCheckSettings(url: server.url("/big"), expectBodyContains: "early marker"))
        #expect(early.status == .healthy, "\(early.message)")
        let late = await run(HTTPCheckSettings(url: server.url("/big"), expectBodyContains: "late marker"))
        #expect(late.status == .critical)
        #expect(late.message.contains("answered 200 without \"late marker\""), "\(late.message)")
    }

    @Test func methodIsSent() async {
        let result = await run(HTTPCheckSettings(method: "HEAD", url: server.url("/health")))
        #expect(result.status == .healthy, "\(result.message)")
    }

    @Test func frozenUpstreamIsCriticalAtTheDeadline() async {
        let clock = ContinuousClock()
        let start = clock.now
        let result = await run(HTTPCheckSettings(url: server.url("/slow")), timeout: .seconds(1))
        let elapsed = clock.now - start
        #expect(result.status == .critical)
        #expect(elapsed < .seconds(2), "gave up after \(elapsed)")
    }

    @Test func refusedConnectionIsCritical() async throws {
        // A port that was just free: nothing listens there.
        let closed = try LoopbackHTTPServer()
        let url = closed.url("/health")
        _ = consume closed
        let result = await run(HTTPCheckSettings(url: url))
        #expect(result.status == .critical)
        #expect(result.message == "check failed: GET \(url): Connection refused")
    }

    @Test func latencyThresholdDecides() async {
        let thresholds = [MetricThreshold(metric: "latency_ms", direction: .higherIsWorse, warning: -1)]
        let result = await run(HTTPCheckSettings(url: server.url("/health")), thresholds: thresholds)
        #expect(result.status == .warning)
        #expect(result.breach?.metric == "latency_ms")
    }

    @Test func selfSignedCertificateIsRejected() async throws {
        let tlsServer = try LoopbackHTTPServer(tls: true)
        let result = await run(HTTPCheckSettings(url: tlsServer.url("/health")))
        #expect(result.status == .critical)
        #expect(result.message.contains("certificate"), "\(result.message)")
    }
}
