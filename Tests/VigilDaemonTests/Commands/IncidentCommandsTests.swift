import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

/// `vigil incidents`, `vigil incident ID` and `vigil ack ID` against a real daemon's incident,
/// and against incident files written by the test.
@Suite("vigil incidents, incident, ack", .serialized)
struct IncidentCommandsTests {
    /// The keys of one `--format json` entry, nothing more and nothing less.
    static let entryKeys: Set = ["id", "severity", "status", "title", "openedAt", "acknowledgedAt", "acknowledgedBy",
                                 "resolvedAt", "checks", "escalationLevel", "timeline"]

    @Test("a daemon's incident is listed, acknowledged by `vigil ack` (journaled, in status.json) and its timeline printed")
    func listAcknowledgeShow() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("ack")
        let daemon = try DaemonProcess(body: TestConfig.dummy(check, code: 2, message: "down"), logTarget: "journal",
                                       directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let listed = try #require(IncidentDeskTests.incidents(writtenBy: daemon) { !$0.isEmpty }, "status.json never listed an incident")
        let id = try #require(listed.first?.id)

        let json = try VigilInvocation.run(["incidents", "--format", "json", "--config", daemon.configPath])
        #expect(json.status == 0, "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["incidents"])
        let entries = try #require(object["incidents"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first.map { Set($0.keys) } == Self.entryKeys, "\(json.standardOutput)")
        #expect(entries.first?["id"] as? String == id)
        #expect(entries.first?["status"] as? String == "open")
        #expect(entries.first?["checks"] as? [String] == [check])
        _ = try JSONKeyNamingTests.keys(of: json.standardOutput, "vigil incidents")

        let ack = try VigilInvocation.run(["ack", id, "--by", "alice", "--note", "on it", "--config", daemon.configPath])
        #expect(ack.status == 0, "\(ack)")
        #expect(ack.standardOutput.contains("incident \(id) is acknowledged by alice"), "\(ack)")
        #expect(daemon.document?.incidents.first { $0.id == id }?.status == .acknowledged, "status.json shows it acknowledged")
        // Ids restart at 0001 in each state directory and test daemons share the journal: match the pid too.
        let entry = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.incidentAcknowledged.messageID)",
                                                                      "INCIDENT_ID=\(id)", "_PID=\(daemon.process.pid)"],
                                                           timeout: .seconds(10)).first)
        #expect(entry["ACKNOWLEDGED_BY"] == "alice")
        #expect(entry["NOTE"] == "on it")
        #expect(entry["INCIDENT_STATUS"] == "acknowledged")

        let shown = try VigilInvocation.run(["incident", id, "--config", daemon.configPath])
        #expect(shown.status == 0, "\(shown)")
        let lines = shown.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "incident \(id) P1 acknowledged: \(check) is CRITICAL", "\(shown)")
        #expect(lines.contains { $0.contains(" opened ") }, "\(shown)")
        #expect(lines.contains { $0.contains(" acknowledged ") && $0.contains("acknowledged by alice") }, "\(shown)")
        #expect(lines.contains { $0.contains(" note ") && $0.hasSuffix("alice: on it") }, "\(shown)")

        // An id this daemon never opened: said, and exit 1 (the daemon journals the request).
        let unknown = try VigilInvocation.run(["ack", "INC-20000101-0001", "--by", "alice", "--config", daemon.configPath])
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.standardError.contains("has no unresolved incident INC-20000101-0001"), "\(unknown)")
        let refused = try JournalReader.entries(matching: ["INCIDENT_ID=INC-20000101-0001", "_PID=\(daemon.process.pid)"],
                                                timeout: .seconds(10))
        #expect(refused.first?["MESSAGE"]?.contains("does not know") == true, "\(refused)")
        #expect(daemon.terminate() == 0)
    }

    /// A config whose state folder is `directory/state` (no daemon runs).
    static func config(in directory: ScratchDirectory) throws -> String {
        try directory.write("vigil.toml", TestConfig.daemon(runtimeDirectory: directory.file("run"), stateDirectory: directory.file("state"))
            + "\n" + TestConfig.dummy("db", code: 0))
    }

    /// Two incidents on disk: one resolved on 2027-01-14, one open since 2027-01-15.
    static func writeTwoIncidents(in directory: ScratchDirectory) throws {
        let day = Date(timeIntervalSince1970: 1_799_884_800)  // 2027-01-14T00:00:00Z
        var old = Incident(id: IncidentID(openedOn: day + 3600, number: 1), title: "db is CRITICAL", severity: .p1,
                           openedAt: day + 3600, checks: [Incident.Check(name: "db", severity: .p1, status: .healthy)])
        old.status = .resolved
        old.resolvedAt = day + 4320
        old.timeline = [IncidentTimelineEntry(at: day + 3600, kind: .opened, text: "db is CRITICAL"),
                        IncidentTimelineEntry(at: day + 4320, kind: .resolved, text: "every check is HEALTHY")]
        let new = Incident(id: IncidentID(openedOn: day + 90_000, number: 1), title: "disk is WARNING", severity: .p2,
                           openedAt: day + 90_000, checks: [Incident.Check(name: "disk", severity: .p2, status: .warning)])
        try FileManager.default.createDirectory(atPath: directory.file("state/incidents"), withIntermediateDirectories: true)
        for incident in [old, new] {
            let path = directory.file("state/incidents/\(incident.id).json")
            #expect(FileManager.default.createFile(atPath: path, contents: try JSONEncoder().encode(incident)))
        }
    }

    @Test("incident files written by hand: newest first, --open, --since, and one incident's timeline")
    func listsFilesOnDisk() throws {
        let directory = try ScratchDirectory()
        let config = try Self.config(in: directory)
        let none = try VigilInvocation.run(["incidents", "--config", config])
        #expect(none.status == 0, "\(none)")
        #expect(none.standardOutput == "no incidents\n", "a missing folder means no incidents")

        try Self.writeTwoIncidents(in: directory)
        let all = try VigilInvocation.run(["incidents", "--config", config])
        #expect(all.status == 0, "\(all)")
        let rows = all.standardOutput.split(separator: "\n").map(String.init)
        #expect(rows.count == 3, "\(all)")
        #expect(rows.first?.hasPrefix("ID ") == true)
        #expect(rows.dropFirst().first?.hasPrefix("INC-20270115-0001  P2        open") == true, "newest first: \(all)")
        #expect(rows.last?.hasPrefix("INC-20270114-0001  P1        resolved") == true, "\(all)")
        #expect(rows.last?.contains("2027-01-14T01:12:00Z") == true, "the resolved one shows when: \(all)")
        #expect(rows.dropFirst().first?.contains("open for ") == true, "the open one shows its age: \(all)")

        let open = try VigilInvocation.run(["incidents", "--open", "--format", "json", "--config", config])
        #expect(open.status == 0, "\(open)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(open.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(object["incidents"] as? [[String: Any]])
        #expect(entries.map { $0["id"] as? String } == ["INC-20270115-0001"])
        #expect(entries.first?["acknowledgedAt"] is NSNull, "absent values are null, so every entry has the same keys")

        let since = try VigilInvocation.run(["incidents", "--since", "2027-01-15", "--config", config])
        #expect(since.standardOutput.contains("INC-20270115-0001") && !since.standardOutput.contains("INC-20270114-0001"), "\(since)")
        for bad in ["2027-13-01", "15.01.2027", "2027-02-30"] {
            let refused = try VigilInvocation.run(["incidents", "--since", bad, "--config", config])
            #expect(refused.status == 64, "\(bad): \(refused)")
            #expect(refused.standardError.contains("--since \(bad) is not a day as YYYY-MM-DD"), "\(refused)")
        }

        let shown = try VigilInvocation.run(["incident", "INC-20270114-0001", "--config", config])
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.standardOutput.contains("incident INC-20270114-0001 P1 resolved: db is CRITICAL"), "\(shown)")
        #expect(shown.standardOutput.contains("2027-01-14T01:12:00Z  resolved  every check is HEALTHY"), "\(shown)")

        let malformed = try VigilInvocation.run(["incident", "INC-2027-1", "--config", config])
        #expect(malformed.status == 64, "\(malformed)")
        #expect(malformed.standardError.contains("INC-2027-1 is not an incident id"), "\(malformed)")
        let missing = try VigilInvocation.run(["incident", "INC-20270101-0009", "--config", config])
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.standardError.contains("no incident INC-20270101-0009"), "\(missing)")
    }
}
