import Foundation
import VigilCore

/// A hand-built status.json of a daemon in trouble: an open breaker, a suppressed check, a soft
/// state, a flapping check, a stopped plan and a running attempt.
enum StatusSample {
    /// 2027-01-15T08:00:00Z, when the sample daemon started.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    static let reportTime = at(2 * 3600 + 3 * 60 + 7)

    static func document(pid: Int32 = 4242, withDecisions: Bool = true) -> StatusDocument {
        func result(_ name: String, _ kind: String, _ status: Status, _ message: String) -> CheckResult {
            CheckResult(name: name, kind: kind, status: status, message: message, durationMs: 1, timestamp: reportTime)
        }
        let report = HealthReport(checks: [
            result("database", "postgres", .critical, "circuit open since 2027-01-15T09:58:00Z, last error: connection refused"),
            result("api", "http", .unknown, "dependency database is CRITICAL"),
            result("queue", "command", .warning, "QUEUE WARNING - 120 jobs waiting"),
            result("web", "http", .critical, "HTTP 502 from http://127.0.0.1:8080/health"),
            result("memory", "memory", .healthy, "22.6 GiB of 23.5 GiB available (96%)"),
        ], at: reportTime)
        let checks: [DecisionSnapshot.CheckView] = [
            .init(name: "database", confirmed: .critical, stateType: "HARD", since: at(3480),
                  breaker: .init(target: "database:main", state: .open, openSince: at(7080), lastError: "connection refused")),
            .init(name: "api", confirmed: .unknown, stateType: "HARD", since: at(3500), suppressedBy: "database",
                  breaker: .init(target: "http://127.0.0.1:8081", state: .closed)),
            .init(name: "queue", confirmed: .healthy, soft: .warning, stateType: "SOFT", since: at(0), flapPercent: 9.52),
            .init(name: "web", confirmed: .critical, stateType: "HARD", since: at(7000), flapping: true, flapPercent: 42.5,
                  breaker: .init(target: "http://127.0.0.1:8080", state: .halfOpen)),
            .init(name: "memory", confirmed: .healthy, stateType: "HARD", since: at(0)),
        ]
        let plans: [DecisionSnapshot.PlanView] = [
            .init(plan: "restart-db", target: "database:main", mode: .enforce, budgetLeft: 0, maxAttempts: 3,
                  nextAllowedAt: nil, stoppedSince: at(7200)),
            .init(plan: "restart-web", target: "check:web", mode: .dryRun, budgetLeft: 2, maxAttempts: 3,
                  nextAllowedAt: at(7500),
                  running: .init(check: "web", attempt: 2, startedAt: at(7380), phase: "step 1 of 2: restart_unit web.service")),
        ]
        return StatusDocument(report: report, decisions: withDecisions ? DecisionSnapshot(checks: checks, plans: plans) : DecisionSnapshot(),
                              daemon: .init(pid: pid, version: "0.1.0", startedAt: start))
    }
}
