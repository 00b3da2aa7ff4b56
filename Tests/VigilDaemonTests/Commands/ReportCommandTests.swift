import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// `vigil report` over incident files written by the test, in its three formats.
@Suite("vigil report", .serialized)
struct ReportCommandTests {
    static let day = Date(timeIntervalSince1970: 1_799_884_800)  // 2027-01-14T00:00:00Z

    /// Three incidents of 2027-01-14 and 2027-01-15, acknowledged after 2 and 4 minutes, one
    /// reopened; one more on 2027-01-20, outside the period the tests ask for. In the period: db
    /// flapped 3 times (2 in the first incident), disk once; plan restart-db was triggered 3 times,
    /// verified once, failed twice and spent its budget in the second incident; the pager gave up 3
    /// times (last: "timed out after 2s"), mail once. The incident outside adds to none of these.
    static func writeIncidents(in directory: ScratchDirectory) throws {
        func incident(_ opened: Date, _ number: Int, _ severity: Severity, _ check: String, acknowledgedAfter: Double?,
                      resolvedAfter: Double?, reopened: Bool = false) -> Incident {
            var incident = Incident(id: IncidentID(openedOn: opened, number: number), title: "\(check) is CRITICAL", severity: severity,
                                    openedAt: opened, checks: [Incident.Check(name: check, severity: severity, status: .critical)])
            incident.timeline = [IncidentTimelineEntry(at: opened, kind: .opened, text: "\(check) is CRITICAL")]
            if let minutes = acknowledgedAfter {
                incident.acknowledgedAt = opened + minutes * 60
                incident.acknowledgedBy = "alice"
                incident.status = .acknowledged
            }
            if reopened { incident.timeline.append(IncidentTimelineEntry(at: opened + 600, kind: .reopened, text: "\(check) again")) }
            if let minutes = resolvedAfter {
                incident.resolvedAt = opened + minutes * 60
                incident.status = .resolved
            }
            return incident
        }
        func flapped(_ at: Date, _ check: String) -> [IncidentTimelineEntry] {
            [IncidentTimelineEntry(at: at, kind: .checkChanged, text: "\(check) started flapping", check: check, flapping: true),
             IncidentTimelineEntry(at: at + 60, kind: .checkChanged, text: "\(check) stopped flapping", check: check, flapping: false)]
        }
        func remediation(_ at: Date, _ decision: String) -> IncidentTimelineEntry {
            IncidentTimelineEntry(at: at, kind: .remediation, text: "db: plan restart-db \(decision)", check: "db",
                                  plan: "restart-db", decision: decision)
        }
        func gaveUp(_ at: Date, _ notifier: String, _ reason: String) -> IncidentTimelineEntry {
            IncidentTimelineEntry(at: at, kind: .notificationFailed, text: "\(notifier) gave up: \(reason)", notifier: notifier,
                                  reason: reason)
        }
        var incidents = [incident(day + 3600, 1, .p1, "db", acknowledgedAfter: 2, resolvedAfter: 12, reopened: true),
                         incident(day + 7200, 2, .p0, "db", acknowledgedAfter: 4, resolvedAfter: 30),
                         incident(day + 90_000, 1, .p2, "disk", acknowledgedAfter: nil, resolvedAfter: nil),
                         incident(day + 6 * 86_400, 1, .p0, "api", acknowledgedAfter: 1, resolvedAfter: 1)]
        incidents[0].timeline += flapped(day + 3660, "db") + flapped(day + 3800, "db")
            + [remediation(day + 3610, "run"), remediation(day + 3620, "step-failed"), remediation(day + 3630, "escalate"),
               remediation(day + 3700, "run"), remediation(day + 3710, "verified"),
               gaveUp(day + 3605, "pager", "HTTP 503"), gaveUp(day + 3606, "mail", "exit 75")]
        incidents[1].timeline += flapped(day + 7300, "db")
            + [remediation(day + 7210, "run"), remediation(day + 7220, "escalate"), remediation(day + 7230, "stop"),
               gaveUp(day + 7205, "pager", "HTTP 503"), gaveUp(day + 7206, "pager", "timed out after 2s")]
        incidents[2].timeline += flapped(day + 90_100, "disk")
        incidents[3].timeline += flapped(day + 6 * 86_400 + 10, "api")
            + [remediation(day + 6 * 86_400 + 20, "stop"), gaveUp(day + 6 * 86_400 + 30, "pager", "outside")]
        try FileManager.default.createDirectory(atPath: directory.file("state/incidents"), withIntermediateDirectories: true)
        for incident in incidents {
            #expect(FileManager.default.createFile(atPath: directory.file("state/incidents/\(incident.id).json"),
                                                   contents: try JSONEncoder().encode(incident)))
        }
    }

    static let period = ["--since", "2027-01-14", "--until", "2027-01-15"]

    @Test("JSON: camelCase keys, the period's counts, times, checks and reopened incidents")
    func json() throws {
        let directory = try ScratchDirectory()
        let config = try IncidentCommandsTests.config(in: directory)
        try Self.writeIncidents(in: directory)
        let run = try VigilInvocation.run(["report", "--format", "json", "--config", config] + Self.period)
        #expect(run.status == 0, "\(run)")
        let keys = try JSONKeyNamingTests.keys(of: run.standardOutput, "vigil report")
        #expect(keys.isSuperset(of: ["since", "until", "incidentCount", "bySeverity", "stillOpen", "timeToAcknowledge",
                                     "timeToResolve", "meanSeconds", "p90Seconds", "worstSeconds", "topChecks", "reopened",
                                     "longestOpen", "reopenCount", "openSeconds", "flapping", "episodes", "remediation",
                                     "triggered", "dryRun", "verified", "failed", "budgetsSpent", "plan", "incident",
                                     "failedNotifications", "notifier", "lastReason", "lastAt", "incidents"]), "\(keys)")
        #expect(!keys.contains("notReported"), "\(keys)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(object["since"] as? String == "2027-01-14T00:00:00Z")
        #expect(object["until"] as? String == "2027-01-16T00:00:00Z", "--until is included: the period ends the midnight after it")
        #expect(object["incidentCount"] as? Int == 3, "the incident of 2027-01-20 is outside: \(run.standardOutput)")
        let acknowledge = try #require(object["timeToAcknowledge"] as? [String: Any])
        #expect(acknowledge["count"] as? Int == 2)
        #expect((acknowledge["meanSeconds"] as? NSNumber)?.doubleValue == 180)
        #expect((acknowledge["p90Seconds"] as? NSNumber)?.doubleValue == 240)
        let checks = try #require(object["topChecks"] as? [[String: Any]])
        #expect(checks.map { $0["check"] as? String } == ["db", "disk"])
        #expect(checks.map { $0["incidents"] as? Int } == [2, 1])
        let reopened = try #require(object["reopened"] as? [[String: Any]])
        #expect(reopened.map { $0["id"] as? String } == ["INC-20270114-0001"])
        let flapping = try #require(object["flapping"] as? [[String: Any]])
        #expect(flapping.map { $0["check"] as? String } == ["db", "disk"])
        #expect(flapping.map { $0["episodes"] as? Int } == [3, 1])
        #expect(flapping.map { $0["incidents"] as? Int } == [2, 1])
        let plans = try #require(object["remediation"] as? [[String: Any]])
        #expect(plans.count == 1)
        #expect(plans.first?["plan"] as? String == "restart-db")
        #expect(["triggered", "verified", "failed", "dryRun"].map { plans.first?[$0] as? Int } == [3, 1, 2, 0])
        let budgets = try #require(object["budgetsSpent"] as? [[String: Any]])
        #expect(budgets.map { $0["incident"] as? String } == ["INC-20270114-0002"])
        #expect(budgets.first?["at"] as? String == "2027-01-14T02:00:30Z")
        let failed = try #require(object["failedNotifications"] as? [[String: Any]])
        #expect(failed.map { $0["notifier"] as? String } == ["pager", "mail"])
        #expect(failed.map { $0["count"] as? Int } == [3, 1])
        #expect(failed.first?["lastReason"] as? String == "timed out after 2s")
        #expect(failed.first?["incidents"] as? [String] == ["INC-20270114-0001", "INC-20270114-0002"])
    }

    @Test("text and Markdown: a title with the period, a table per section, the new sections' figures")
    func textAndMarkdown() throws {
        let directory = try ScratchDirectory()
        let config = try IncidentCommandsTests.config(in: directory)
        try Self.writeIncidents(in: directory)
        let markdown = try VigilInvocation.run(["report", "--format", "markdown", "--config", config] + Self.period)
        #expect(markdown.status == 0, "\(markdown)")
        let lines = markdown.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "# Incident review 2027-01-14 – 2027-01-15 (UTC)", "\(markdown)")
        #expect(lines.contains("| Severity | Opened | Still open |"), "\(markdown)")
        #expect(lines.contains("| P2 | 1 | 1 |"), "\(markdown)")
        #expect(lines.contains("| time to acknowledge | 2 | 3m | 4m | 4m |"), "\(markdown)")
        #expect(lines.contains("| db | 2 |"), "\(markdown)")
        #expect(lines.filter { $0.hasPrefix("## ") }.count == 9, "\(markdown)")
        #expect(lines.filter { $0.hasPrefix("| --- |") }.count == 9, "every section has rows, so a table: \(markdown)")
        #expect(lines.contains("| db | 3 | 2 |"), "flapping episodes: \(markdown)")
        #expect(lines.contains("| restart-db | 3 | 1 | 2 | 0 |"), "remediation: \(markdown)")
        #expect(lines.contains("| restart-db | db | 2027-01-14T02:00:30Z | INC-20270114-0002 |"), "budget spent: \(markdown)")
        #expect(lines.contains("| pager | 3 | timed out after 2s | INC-20270114-0001, INC-20270114-0002 |"), "\(markdown)")
        #expect(!markdown.standardOutput.contains("Not reported yet"), "\(markdown)")

        let text = try VigilInvocation.run(["report", "--config", config] + Self.period)
        #expect(text.status == 0, "\(text)")
        let rows = text.standardOutput.split(separator: "\n").map(String.init)
        #expect(rows.first == "Incidents 2027-01-14 – 2027-01-15 (UTC): 3", "\(text)")
        #expect(rows.contains { $0.split(separator: " ") == ["time", "to", "resolve", "2", "21m", "30m", "30m"] }, "\(text)")
        #expect(rows.contains { $0.hasPrefix("INC-20270114-0001") && $0.contains("1×") }, "\(text)")
        #expect(rows.contains("Notifications that failed"), "\(text)")
        #expect(rows.contains { $0.split(separator: " ") == ["restart-db", "3", "1", "2", "0"] }, "\(text)")
        #expect(!text.standardOutput.contains("Not reported yet"), "\(text)")
    }

    @Test("no incident folder: zero counts and empty sections said; bad days and an empty period are usage errors")
    func emptyAndRefused() throws {
        let directory = try ScratchDirectory()
        let config = try IncidentCommandsTests.config(in: directory)
        let none = try VigilInvocation.run(["report", "--format", "markdown", "--config", config])
        #expect(none.status == 0, "\(none)")
        #expect(none.standardOutput.contains("None."), "\(none)")
        for bad in ["2027-13-01", "15.01.2027", "2027-02-30"] {
            let refused = try VigilInvocation.run(["report", "--since", bad, "--config", config])
            #expect(refused.status == 64, "\(bad): \(refused)")
            #expect(refused.standardError.contains("--since \(bad) is not a day as YYYY-MM-DD"), "\(refused)")
        }
        let badUntil = try VigilInvocation.run(["report", "--until", "tomorrow", "--config", config])
        #expect(badUntil.status == 64, "\(badUntil)")
        let backwards = try VigilInvocation.run(["report", "--since", "2027-01-15", "--until", "2027-01-14", "--config", config])
        #expect(backwards.status == 64, "\(backwards)")
        #expect(backwards.standardError.contains("the period is empty"), "\(backwards)")
    }
}
