import Foundation
import Testing
import VigilCore

/// `IncidentReview` over a recorded history whose figures are known.
@Suite("incident review")
struct IncidentReviewTests {
    static let since = Clock.t0  // 2027-01-15T08:00:00Z
    static let until = Clock.at(86_400)

    /// An incident opened `second` after t0, acknowledged and resolved after the given minutes.
    static func incident(_ number: Int, _ severity: Severity = .p1, at second: Double = 0, acknowledgedAfter: Double? = nil,
                         resolvedAfter: Double? = nil, checks: [String] = ["db"], reopened: Int = 0) -> Incident {
        let opened = Clock.at(second)
        var incident = Incident(id: IncidentID(openedOn: opened, number: number), title: "\(checks[0]) is CRITICAL",
                                severity: severity, openedAt: opened,
                                checks: checks.map { Incident.Check(name: $0, severity: severity, status: .critical) })
        incident.timeline = [IncidentTimelineEntry(at: opened, kind: .opened, text: "opened")]
        if let minutes = acknowledgedAfter {
            incident.acknowledgedAt = opened + minutes * 60
            incident.status = .acknowledged
        }
        if let minutes = resolvedAfter {
            incident.resolvedAt = opened + minutes * 60
            incident.status = .resolved
        }
        for _ in 0..<reopened { incident.timeline.append(IncidentTimelineEntry(at: opened + 1, kind: .reopened, text: "again")) }
        return incident
    }

    static func review(_ incidents: [Incident], now: Date = Clock.at(90_000)) -> IncidentReview {
        IncidentReview(incidents: incidents, since: since, until: until, now: now)
    }

    @Test("acknowledged after 1, 2, 3 and 10 minutes: mean 4m, p90 (nearest rank) 10m, worst 10m")
    func timeToAcknowledge() {
        let incidents = [1.0, 2, 3, 10].enumerated().map { index, minutes in
            Self.incident(index + 1, at: Double(index) * 3600, acknowledgedAfter: minutes, resolvedAfter: minutes * 3)
        }
        let review = Self.review(incidents.shuffled())
        #expect(review.timeToAcknowledge == IncidentReview.Durations([60, 120, 180, 600]))
        #expect(review.timeToAcknowledge.count == 4)
        #expect(review.timeToAcknowledge.meanSeconds == 240)
        #expect(review.timeToAcknowledge.p90Seconds == 600)
        #expect(review.timeToAcknowledge.worstSeconds == 600)
        #expect(review.timeToResolve.meanSeconds == 720)
        #expect(review.timeToResolve.p90Seconds == 1800)
        #expect(review.timeToResolve.worstSeconds == 1800)
    }

    @Test("p90 by nearest rank: the 9th of 10, the 18th of 20, the only one of 1")
    func nearestRank() {
        #expect(IncidentReview.Durations((1...10).map(Double.init)).p90Seconds == 9)
        #expect(IncidentReview.Durations((1...20).map(Double.init).reversed()).p90Seconds == 18)
        #expect(IncidentReview.Durations([42]).p90Seconds == 42)
        #expect(IncidentReview.Durations([]) == IncidentReview.Durations([]))
        #expect(IncidentReview.Durations([]).meanSeconds == nil && IncidentReview.Durations([]).count == 0)
    }

    @Test("counts by severity: opened in the period and still open; unacknowledged ones are left out of the times")
    func severityCounts() {
        let incidents = [Self.incident(1, .p0, resolvedAfter: 5), Self.incident(2, .p0, at: 60),
                         Self.incident(3, .p2, at: 120, acknowledgedAfter: 1), Self.incident(4, .p2, at: 180, resolvedAfter: 1)]
        let review = Self.review(incidents)
        #expect(review.incidentCount == 4)
        #expect(review.bySeverity.map(\.severity) == [.p0, .p1, .p2, .p3])
        #expect(review.bySeverity.map(\.opened) == [2, 0, 2, 0])
        #expect(review.bySeverity.map(\.stillOpen) == [1, 0, 1, 0])
        #expect(review.timeToAcknowledge.count == 1)
        #expect(review.timeToResolve.count == 2)
    }

    @Test("the period is [since, until): opened at since counts, at until does not, nor before since")
    func periodEdges() {
        let incidents = [Self.incident(1, at: -1), Self.incident(2, at: 0), Self.incident(3, at: 86_399), Self.incident(4, at: 86_400)]
        let review = Self.review(incidents)
        #expect(review.incidentCount == 2)
        #expect(Set(review.longestOpen.map(\.id)) == Set([incidents[1], incidents[2]].map(\.id.description)))
    }

    @Test("checks that failed most: incidents per check, most first, ties by name, at most 10")
    func topChecks() {
        var incidents = [Self.incident(1, checks: ["db", "api"]), Self.incident(2, at: 10, checks: ["db"]),
                         Self.incident(3, at: 20, checks: ["api", "db"]), Self.incident(4, at: 30, checks: ["disk"])]
        incidents += (0..<12).map { Self.incident(10 + $0, at: 100 + Double($0), checks: ["c\(10 + $0)"]) }
        let review = Self.review(incidents)
        #expect(review.topChecks.count == 10)
        #expect(review.topChecks.prefix(4).map(\.check) == ["db", "api", "c10", "c11"])
        #expect(review.topChecks.prefix(2).map(\.incidents) == [3, 2])
    }

    @Test("reopened incidents and the longest open, an unresolved one counted until now")
    func reopenedAndLongest() {
        let incidents = [Self.incident(1, resolvedAfter: 30, reopened: 2), Self.incident(2, at: 600, resolvedAfter: 5),
                         Self.incident(3, at: 86_000)]
        let review = Self.review(incidents, now: Clock.at(90_000))
        #expect(review.reopened.map(\.id) == [incidents[0].id.description])
        #expect(review.reopened.first?.reopenCount == 2)
        #expect(review.longestOpen.map(\.id) == [incidents[2], incidents[0], incidents[1]].map(\.id.description))
        #expect(review.longestOpen.first?.openSeconds == 4000)
    }

    @Test("no incidents at all: zero counts, no figures, every section empty")
    func noIncidents() {
        let review = Self.review([])
        #expect(review.incidentCount == 0)
        #expect(review.bySeverity.allSatisfy { $0.opened == 0 && $0.stillOpen == 0 })
        #expect(review.timeToAcknowledge == IncidentReview.Durations([]))
        #expect(review.timeToResolve.worstSeconds == nil)
        #expect(review.topChecks.isEmpty && review.reopened.isEmpty && review.longestOpen.isEmpty)
        #expect(review.flapping.isEmpty && review.remediation.isEmpty && review.budgetsSpent.isEmpty)
        #expect(review.failedNotifications.isEmpty)
    }

    static func remediation(_ second: Double, _ plan: String, _ decision: String, check: String = "db") -> IncidentTimelineEntry {
        IncidentTimelineEntry(at: Clock.at(second), kind: .remediation, text: "\(check): plan \(plan) did something",
                              check: check, plan: plan, decision: decision)
    }

    @Test("flapping episodes per check: starts are counted, ends and prose alone are not; incidents outside the period neither")
    func flappingEpisodes() {
        func mark(_ second: Double, _ check: String, _ started: Bool) -> IncidentTimelineEntry {
            IncidentTimelineEntry(at: Clock.at(second), kind: .checkChanged, text: "\(check) flaps", check: check, flapping: started)
        }
        var first = Self.incident(1, at: 100, checks: ["api", "db"])
        first.timeline += [mark(200, "api", true), mark(300, "api", false), mark(400, "api", true), mark(500, "db", true),
                           IncidentTimelineEntry(at: Clock.at(600), kind: .checkChanged, text: "api started flapping (CRITICAL)")]
        var second = Self.incident(2, at: 1000, checks: ["api"])
        second.timeline += [mark(1100, "api", true)]
        var outside = Self.incident(3, at: 90_000, checks: ["api"])
        outside.timeline += [mark(90_100, "api", true)]
        let review = Self.review([outside, second, first], now: Clock.at(100_000))
        #expect(review.flapping == [IncidentReview.FlappingCount(check: "api", episodes: 3, incidents: 2),
                                    IncidentReview.FlappingCount(check: "db", episodes: 1, incidents: 1)])
    }

    @Test("remediation per plan: 3 triggered, 1 verified, 2 failed; steps and skips are not attempts; budgets spent with their incident")
    func remediationOutcomes() {
        var first = Self.incident(1, at: 100)
        first.timeline += [Self.remediation(110, "restart-db", "run"), Self.remediation(120, "restart-db", "step-failed"),
                           Self.remediation(130, "restart-db", "escalate"), Self.remediation(140, "restart-db", "run"),
                           Self.remediation(150, "restart-db", "step-succeeded"), Self.remediation(160, "restart-db", "verified")]
        var second = Self.incident(2, at: 1000)
        second.timeline += [Self.remediation(1010, "restart-db", "run"), Self.remediation(1020, "restart-db", "escalate"),
                            Self.remediation(1030, "restart-db", "stop"), Self.remediation(1040, "vacuum", "would-run", check: "bloat"),
                            Self.remediation(1050, "vacuum", "would-stop", check: "bloat"),
                            IncidentTimelineEntry(at: Clock.at(1060), kind: .remediation, text: "db: plan other runs (old file)")]
        let review = Self.review([second, first])
        #expect(review.remediation == [
            IncidentReview.PlanOutcomes(plan: "restart-db", triggered: 3, dryRun: 0, verified: 1, failed: 2),
            IncidentReview.PlanOutcomes(plan: "vacuum", triggered: 0, dryRun: 1, verified: 0, failed: 0),
        ])
        #expect(review.budgetsSpent == [
            IncidentReview.BudgetSpent(plan: "restart-db", check: "db", at: Clock.at(1030), incident: second.id.description, dryRun: false),
            IncidentReview.BudgetSpent(plan: "vacuum", check: "bloat", at: Clock.at(1050), incident: second.id.description, dryRun: true),
        ])
    }

    @Test("failed notifications per notifier: count, the latest reason, the incidents once each")
    func failedNotifications() {
        func failed(_ second: Double, _ notifier: String, _ reason: String) -> IncidentTimelineEntry {
            IncidentTimelineEntry(at: Clock.at(second), kind: .notificationFailed, text: "\(notifier) gave up: \(reason)",
                                  notifier: notifier, reason: reason)
        }
        var first = Self.incident(1, at: 100)
        first.timeline += [failed(110, "pager", "HTTP 503"), failed(120, "pager", "timed out"), failed(130, "mail", "exit 75")]
        var second = Self.incident(2, at: 1000)
        second.timeline += [failed(1100, "pager", "connection refused")]
        let review = Self.review([second, first])
        #expect(review.failedNotifications == [
            IncidentReview.NotifierFailures(notifier: "pager", count: 3, lastReason: "connection refused", lastAt: Clock.at(1100),
                                            incidents: [first.id.description, second.id.description]),
            IncidentReview.NotifierFailures(notifier: "mail", count: 1, lastReason: "exit 75", lastAt: Clock.at(130),
                                            incidents: [first.id.description]),
        ])
    }
}
