import Foundation
import Testing
import VigilCore

@Suite struct CheckEvaluatorTests {
    let check = CheckDefinition(
        name: "database", kind: .postgres(PostgresCheckSettings(database: "primary")),
        thresholds: [
            MetricThreshold(metric: "connections_used_percent", direction: .higherIsWorse, warning: 80, critical: 95),
            MetricThreshold(metric: "latency_ms", direction: .higherIsWorse, warning: 200, critical: 1000),
        ])
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func evaluate(_ outcome: ProbeOutcome) -> CheckResult {
        CheckEvaluator.result(for: check, outcome: outcome, duration: .milliseconds(12), at: now)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var outcome: ProbeOutcome
        var status: Status
        var message: String
        var breachMetric: String?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "healthy, under every threshold",
             outcome: .observed(Observation(message: "ok", metrics: ["latency_ms": 3, "connections_used_percent": 5])),
             status: .healthy, message: "ok"),
        Case(label: "equal to the warning threshold is not a breach",
             outcome: .observed(Observation(message: "ok", metrics: ["latency_ms": 200])),
             status: .healthy, message: "ok"),
        Case(label: "latency over warning",
             outcome: .observed(Observation(message: "ok", metrics: ["latency_ms": 250])),
             status: .warning, message: "latency_ms 250 > warning 200 (ok)", breachMetric: "latency_ms"),
        Case(label: "critical beats warning of another metric",
             outcome: .observed(Observation(message: "ok", metrics: ["latency_ms": 250, "connections_used_percent": 99.5])),
             status: .critical, message: "connections_used_percent 99.5 > critical 95 (ok)",
             breachMetric: "connections_used_percent"),
        Case(label: "the probe's own verdict stands when thresholds are milder",
             outcome: .observed(Observation(status: .critical, message: "plugin said so", metrics: ["latency_ms": 250])),
             status: .critical, message: "plugin said so"),
        Case(label: "a throw is critical with the error",
             outcome: .failed("connection refused"),
             status: .critical, message: "check failed: connection refused"),
        Case(label: "a timeout is critical",
             outcome: .timedOut(after: .seconds(5)),
             status: .critical, message: "timed out after 5s"),
        Case(label: "unknown from the probe stays unknown",
             outcome: .observed(Observation(status: .unknown, message: "exit 7")),
             status: .unknown, message: "exit 7"),
    ]

    @Test(arguments: cases)
    func judges(_ testCase: Case) {
        let result = evaluate(testCase.outcome)
        #expect(result.status == testCase.status)
        #expect(result.message == testCase.message)
        #expect(result.breach?.metric == testCase.breachMetric)
        #expect(result.name == "database")
        #expect(result.kind == "postgres")
        #expect(result.durationMs == 12)
    }

    @Test func lowerIsWorseMetricsBreachDownwards() {
        let disk = CheckDefinition(name: "disk", kind: .disk(path: "/"), thresholds: [
            MetricThreshold(metric: "free_percent", direction: .lowerIsWorse, warning: 20, critical: 10),
        ])
        func status(_ free: Double) -> Status {
            CheckEvaluator.result(for: disk, outcome: .observed(Observation(message: "", metrics: ["free_percent": free])),
                                  duration: .zero, at: now).status
        }
        #expect(status(50) == .healthy)
        #expect(status(20) == .healthy)
        #expect(status(15) == .warning)
        #expect(status(9.9) == .critical)
    }

    @Test("A plugin's units travel with its metrics, whether or not a threshold decided")
    func unitsKept() {
        let units = ["latency_ms": "ms", "/": "B"]
        for metrics in [["latency_ms": 3.0, "/": 10], ["latency_ms": 2000, "/": 10]] {
            let result = evaluate(.observed(Observation(message: "ok", metrics: metrics, units: units)))
            #expect(result.units == units)
            #expect(result.metrics == metrics)
        }
        #expect(evaluate(.failed("boom")).units.isEmpty)
    }
}
