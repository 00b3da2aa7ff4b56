import Testing
import VigilCore

/// The verdict on a load report: the seed's defaults, p99 when given, a value equal to its limit
/// holding, and a run with no answer failing on errors.
@Suite("LoadJudgement")
struct LoadJudgementTests {
    static func report(requests: Int = 100, errors: [LoadErrorKind: Int] = [:], mean: Double = 20, p99: Double = 80) -> LoadReport {
        LoadReport(requests: requests, errors: errors, elapsedSeconds: 10,
                   latency: LoadReport.Latency(min: 1, mean: mean, p50: 15, p90: 40, p99: p99, max: 120), connectionsOpened: 4)
    }

    @Test("the seed's defaults: 5000 ms on average, 5 % errors; p99 only when given")
    func defaults() {
        let verdict = LoadJudgement.verdict(Self.report(), LoadThresholds())
        #expect(verdict.passed)
        #expect(verdict.lines.map(\.threshold) == ["max_average_ms", "max_error_percent"])
        #expect(verdict.lines.map(\.limit) == [5000, 5])
    }

    @Test("each threshold fails alone, named, with what was measured", arguments: [
        (report(mean: 5000.5), LoadThresholds(), ["max_average_ms"]),
        (report(errors: [.status5xx: 4, .timeout: 2]), LoadThresholds(), ["max_error_percent"]),
        (report(p99: 250), LoadThresholds(p99Ms: 200), ["p99_ms"]),
        (report(errors: [.connect: 10], mean: 6000, p99: 9000), LoadThresholds(p99Ms: 200), ["max_average_ms", "max_error_percent", "p99_ms"]),
    ])
    func failures(report: LoadReport, thresholds: LoadThresholds, failed: [String]) {
        #expect(LoadJudgement.verdict(report, thresholds).failures.map(\.threshold) == failed)
    }

    @Test("a value equal to its limit holds")
    func equalHolds() {
        let report = Self.report(errors: [.status4xx: 5], mean: 5000, p99: 200)
        #expect(LoadJudgement.verdict(report, LoadThresholds(p99Ms: 200)).passed)
    }

    @Test("no request finished: 100 % errors, failed")
    func nothingFinished() {
        let report = LoadReport(requests: 0, errors: [:], elapsedSeconds: 0, latency: .zero, connectionsOpened: 0)
        #expect(report.errorPercent == 100 && report.throughput == 0)
        #expect(LoadJudgement.verdict(report, LoadThresholds()).failures
            == [LoadVerdict.Failure(threshold: "max_error_percent", limit: 5, measured: 100)])
    }

    @Test("the failure reads threshold, measured value, limit")
    func failureText() {
        #expect(LoadVerdict.Failure(threshold: "p99_ms", limit: 500, measured: 812.44).description == "p99_ms: measured 812.44 > 500")
    }

    @Test("errors by kind: kinds without errors left out, the summary in kind order")
    func errorSummary() {
        let report = Self.report(errors: [.timeout: 2, .status5xx: 10, .connect: 0])
        #expect(report.errors == ["timeout": 2, "status_5xx": 10])
        #expect(report.errorSummary == "12 errors (12.00 %: timeout 2, status_5xx 10)")
        #expect(report.throughput == 10)
    }

    @Test("as a check's observation: its figures as metrics for the thresholds")
    func observation() {
        let observation = Self.report(errors: [.status5xx: 10]).observation
        #expect(observation.status == .healthy)
        #expect(observation.metrics["error_percent"] == 10 && observation.metrics["p99_ms"] == 80 && observation.metrics["average_ms"] == 20)
        #expect(observation.metrics["throughput"] == 10)
        #expect(observation.message == "100 requests in 10.0 s (10.0/s), 10 errors (10.00 %: status_5xx 10), mean 20.00 ms, p50 15.00 ms, p99 80.00 ms")
    }
}
