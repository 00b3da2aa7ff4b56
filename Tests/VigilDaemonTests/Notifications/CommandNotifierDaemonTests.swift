import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// A real daemon's incident reaches people through command notifiers: opened to the first role,
/// escalated to the next when nobody answers, acknowledged and resolved to every level told.
@Suite("vigil run: command notifiers", .serialized)
struct CommandNotifierDaemonTests {
    /// One notification a filing notifier received: its stdin and its environment.
    struct Received {
        var text: String
        var environment: [String: String]
    }

    /// What the notifier filed in `folder`, by notification id.
    static func received(in folder: String) throws -> [String: Received] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var received: [String: Received] = [:]
        for name in names where name.hasSuffix(".env") && !name.hasPrefix(".") {
            let id = String(name.dropLast(4))
            let environment = try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\n")
                .reduce(into: [String: String]()) { variables, line in
                    guard let equals = line.firstIndex(of: "=") else { return }
                    variables[String(line[..<equals])] = String(line[line.index(after: equals)...])
                }
            received[id] = Received(text: try String(contentsOfFile: folder + "/\(id).in", encoding: .utf8), environment: environment)
        }
        return received
    }

    /// Waits until the notifier filed one notification of `event` in `folder` (with `status`, if given).
    static func waitFor(_ event: String, status: String? = nil, in folder: String) throws -> Received? {
        var found: Received?
        _ = try NotificationScenario.eventually {
            found = try received(in: folder).values.first {
                $0.environment["VIGIL_EVENT"] == event && (status == nil || $0.environment["VIGIL_STATUS"] == status)
            }
            return found != nil
        }
        return found
    }

    @Test("opened to the first role, escalated to the next, acknowledged by alice to both, updated, resolved to both; all journaled")
    func openedEscalatedAcknowledgedResolved() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("paged")
        let target = directory.file("fresh")
        let oncall = directory.file("oncall")
        let lead = directory.file("lead")
        for folder in [oncall, lead] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let body = NotificationScenario.fileCheck(check, path: target, severity: "P0")
            + NotificationScenario.escalation("P0", respondWithin: "2s", path: ["oncall", "lead"], updateEvery: "3s")
            + NotificationScenario.role("oncall", notify: ["oncall-pipe"]) + NotificationScenario.role("lead", notify: ["lead-pipe"])
            + NotificationScenario.filingNotifier("oncall-pipe", folder: oncall) + NotificationScenario.filingNotifier("lead-pipe", folder: lead)
        let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let id = try #require(NotificationScenario.incidentID(of: check, openedBy: daemon), "no incident; output: \(daemon.output)")

        // Opened: the first role, the seed template rendered, the incident in VIGIL_* variables.
        let opened = try #require(try Self.waitFor("opened", in: oncall), "oncall never got the opened notification")
        let lines = opened.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Subject: [INCIDENT] P0 - \(check) is CRITICAL", "a mail, for sendmail -t: \(opened.text)")
        #expect(lines.dropFirst().first == "", "an empty line after the subject: \(opened.text)")
        #expect(lines.contains("Incident: \(id)"), "\(opened.text)")
        #expect(lines.contains("Severity: P0"), "\(opened.text)")
        #expect(!opened.text.contains("PP0"), "\(opened.text)")
        #expect(lines.contains("Status: open"), "\(opened.text)")
        #expect(lines.contains("Incident Commander: not assigned yet"), "\(opened.text)")
        #expect(opened.text.hasSuffix("\n"))
        let environment = opened.environment
        #expect(environment["VIGIL_INCIDENT_ID"] == id)
        #expect(environment["VIGIL_SEVERITY"] == "P0")
        #expect(environment["VIGIL_STATUS"] == "open")
        #expect(environment["VIGIL_ROLE"] == "oncall")
        #expect(environment["VIGIL_CHECKS"] == check)
        #expect(environment["VIGIL_SUBJECT"] == "[INCIDENT] P0 - \(check) is CRITICAL")
        #expect(environment["NOTIFY_SOCKET"] == nil, "the daemon's own environment stays its own")
        let openedKey = try #require(environment["VIGIL_NOTIFICATION_ID"])
        #expect(try Self.received(in: oncall)[openedKey] != nil, "the file is named by the id the notifier was given")

        // Nobody answered within 2s: the lead.
        let escalated = try #require(try Self.waitFor("escalated", in: lead), "lead never got the escalated notification")
        #expect(escalated.environment["VIGIL_ROLE"] == "lead")
        #expect(escalated.environment["VIGIL_INCIDENT_ID"] == id)
        #expect(escalated.text.hasPrefix("Subject: [INCIDENT] P0 - \(check) is CRITICAL\n"), "\(escalated.text)")

        let ack = try VigilInvocation.run(["ack", id, "--by", "alice", "--config", daemon.configPath])
        #expect(ack.status == 0, "\(ack)")
        for folder in [oncall, lead] {
            let acknowledged = try #require(try Self.waitFor("acknowledged", in: folder), "\(folder) never got the acknowledgement")
            #expect(acknowledged.environment["VIGIL_STATUS"] == "acknowledged")
            #expect(acknowledged.text.contains("Incident Commander: alice"), "\(acknowledged.text)")
            #expect(acknowledged.text.contains("Status: acknowledged"), "\(acknowledged.text)")
        }
        // Acknowledged, it still gets its updates (every 3s here), to every level told.
        for folder in [oncall, lead] {
            let update = try #require(try Self.waitFor("update", status: "acknowledged", in: folder),
                                      "\(folder) never got an update once acknowledged")
            #expect(update.text.contains("Incident Commander: alice"), "\(update.text)")
        }

        #expect(FileManager.default.createFile(atPath: target, contents: Data("fresh\n".utf8)))
        for folder in [oncall, lead] {
            let resolved = try #require(try Self.waitFor("resolved", in: folder), "\(folder) never got the resolution")
            #expect(resolved.environment["VIGIL_STATUS"] == "resolved")
            #expect(resolved.environment["VIGIL_INCIDENT_ID"] == id)
        }
        #expect(try Self.received(in: oncall).values.allSatisfy { $0.environment["VIGIL_ROLE"] == "oncall" })
        #expect(try Self.received(in: lead).values.allSatisfy { $0.environment["VIGIL_ROLE"] == "lead" })

        // The incident's own story in the journal, read back.
        #expect(try NotificationScenario.journaled(.incidentOpened, incident: id, by: daemon).first?["SEVERITY"] == "P0")
        #expect(try NotificationScenario.journaled(.incidentEscalated, incident: id, by: daemon).first?["MESSAGE"]?.contains("lead") == true)
        #expect(try NotificationScenario.journaled(.incidentAcknowledged, incident: id, by: daemon).first?["ACKNOWLEDGED_BY"] == "alice")
        #expect(try NotificationScenario.journaled(.incidentResolved, incident: id, by: daemon).first?["INCIDENT_STATUS"] == "resolved")
        // The notifier wrote its files before it exited; the outbox says so once the send returned.
        #expect(NotificationScenario.eventually { daemon.document?.notifications.pending == 0 }, "nothing waits in the outbox")
        #expect(try NotificationScenario.outboxIDs(in: directory.file("state")).isEmpty)
        #expect(daemon.terminate() == 0)
    }
}
