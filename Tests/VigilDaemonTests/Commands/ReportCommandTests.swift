import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// `vigil report` over incident files written by the test, in its three formats.
@Suite("vigil report", .serialized)
struct ReportCommandTests {
    static let day = Date(timeIntervalSince1970: 1_799_884_800)  // 2027-01-14T00:00:00Z

    /// Three incidents of 2027-01-14 and 2027-01-15, acknowledged after 2 and 4 minutes, one
    /// reopened; one more on 2027-01-20, outside the period the tests ask for.
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
        let incidents = [incident(day + 3600, 1, .p1, "db", acknowledgedAfter: 2, resolvedAfter: 12, reopened: true),
                         incident(day + 7200, 2, .p0, "db", acknowledgedAfter: 4, resolvedAfter: 30),
                         incident(day + 90_000, 1, .p2, "disk", acknowledgedAfter: nil, resolvedAfter: nil),
                         incident(day + 6 * 86_400, 1, .p0, "api", acknowledgedAfter: 1, resolvedAfter: 1)]
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
                                     "longestOpen", "reopenCount", "openSeconds", "notReported"]), "\(keys)")
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
    }

    @Test("text and Markdown: a title with the period, a table per section, and what is not reported yet")
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
        #expect(lines.filter { $0.hasPrefix("## ") }.count == 5, "\(markdown)")
        #expect(lines.filter { $0.hasPrefix("| --- |") }.count == 5, "every section has rows, so a table: \(markdown)")
        #expect(lines.last?.hasPrefix("Not reported yet") == true, "\(markdown)")
        #expect(lines.last?.contains("flapping episodes") == true, "\(markdown)")

        let text = try VigilInvocation.run(["report", "--config", config] + Self.period)
        #expect(text.status == 0, "\(text)")
        let rows = text.standardOutput.split(separator: "\n").map(String.init)
        #expect(rows.first == "Incidents 2027-01-14 – 2027-01-15 (UTC): 3", "\(text)")
        #expect(rows.contains { $0.split(separator: " ") == ["time", "to", "resolve", "2", "21m", "30m", "30m"] }, "\(text)")
        #expect(rows.contains { $0.hasPrefix("INC-20270114-0001") && $0.contains("1×") }, "\(text)")
        #expect(rows.last?.hasPrefix("Not reported yet") == true, "\(text)")
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
