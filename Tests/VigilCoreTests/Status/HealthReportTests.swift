import Foundation
import Testing
import VigilCore

@Suite struct HealthReportTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func result(_ name: String, _ status: Status) -> CheckResult {
        CheckResult(name: name, kind: "memory", status: status, message: "m", durationMs: 1.5,
                    metrics: ["available_percent": 42], timestamp: now)
    }

    @Test(arguments: [
        ([Status](), Status.healthy),
        ([.healthy, .healthy], .healthy),
        ([.healthy, .warning], .warning),
        ([.healthy, .unknown], .warning),
        ([.warning, .critical, .unknown], .critical),
        ([.critical], .critical),
    ])
    func overallFollowsTheSeedsRule(statuses: [Status], overall: Status) {
        #expect(HealthReport.overall(of: statuses) == overall)
    }

    @Test func summaryCountsEveryStatus() {
        let report = HealthReport(checks: [result("a", .healthy), result("b", .warning), result("c", .critical),
                                           result("d", .unknown), result("e", .healthy)], at: now)
        #expect(report.summary == HealthReport.Summary(total: 5, healthy: 2, warning: 1, critical: 1, unknown: 1))
        #expect(report.statusLine == "CRITICAL · 5 checks · 1 warning · 1 critical · 1 unknown")
    }

    @Test func statusLineForAHealthySystem() {
        let report = HealthReport(checks: (1...6).map { result("c\($0)", .healthy) }, at: now)
        #expect(report.statusLine == "HEALTHY · 6 checks · 0 warning · 0 critical")
    }

    @Test func jsonHasTheStableShape() throws {
        let report = HealthReport(checks: [result("memory", .healthy)], at: now)
        let object = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        #expect(Set(object.keys) == ["overall", "timestamp", "checks", "summary"])
        #expect(object["overall"] as? String == "HEALTHY")
        #expect(object["timestamp"] as? String == "2027-01-15T08:00:00Z")
        let check = try #require((object["checks"] as? [[String: Any]])?.first)
        #expect(Set(check.keys) == ["name", "kind", "status", "message", "durationMs", "metrics"])
        #expect(check["durationMs"] as? Double == 1.5)
        #expect((check["metrics"] as? [String: Double])?["available_percent"] == 42)
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["total": 1, "healthy": 1, "warning": 0, "critical": 0, "unknown": 0])
    }

    @Test func jsonRoundTrips() throws {
        let report = HealthReport(checks: [result("memory", .warning)], at: now)
        let decoded = try HealthReport.decode(json: report.json())
        #expect(decoded.overall == report.overall)
        #expect(decoded.summary == report.summary)
        #expect(decoded.checks.map(\.name) == ["memory"])
    }
}
