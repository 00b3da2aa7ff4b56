import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

/// The real daemon keeps incidents: a confirmed failure opens one (journaled, listed in
/// status.json, kept in the state directory), a restart keeps it rather than opening a second,
/// and the check's recovery resolves it.
@Suite("vigil run: incidents", .serialized)
struct IncidentDeskTests {
    /// check_file_age: CRITICAL (exit 2) while `path` is missing, OK once a fresh file is there.
    static func fileCheck(_ name: String, path: String) -> String {
        TestConfig.check(name, kind: "command", interval: "1s", timeout: "900ms",
                         extra: ["argv = [\"/usr/lib/nagios/plugins/check_file_age\", \"-f\", \(TestConfig.quoted(path)), \"-w\", \"3600\", \"-c\", \"7200\"]"])
    }

    /// The incidents status.json lists once `daemon` itself wrote it and `condition` holds.
    static func incidents(writtenBy daemon: DaemonProcess, timeout: Duration = .seconds(20),
                          where condition: ([IncidentView]) -> Bool) -> [IncidentView]? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let document = daemon.document, document.daemon?.pid == daemon.process.pid, condition(document.incidents) {
                return document.incidents
            }
            if ContinuousClock.now >= deadline { return nil }
            usleep(50_000)
        }
    }

    static func opened(_ check: String) throws -> [[String: String]] {
        try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.incidentOpened.messageID)", "CHECKS=\(check)"], count: 0)
    }

    @Test("a plugin exiting 2 opens an incident; a restart keeps it; the plugin healthy again resolves it")
    func openKeptAcrossARestartThenResolved() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("incident")
        let target = directory.file("fresh")
        let body = Self.fileCheck(check, path: target)
        var daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")

        let entry = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.incidentOpened.messageID)",
                                                                      "CHECKS=\(check)"], timeout: .seconds(30)).first)
        let id = try #require(entry["INCIDENT_ID"])
        #expect(id.wholeMatch(of: /INC-\d{8}-\d{4}/) != nil, "got \(id)")
        #expect(entry["SEVERITY"] == "P1")
        #expect(entry["INCIDENT_STATUS"] == "open")
        #expect(entry["PRIORITY"] == "3", "a P1 incident is journaled at err")
        let listed = try #require(Self.incidents(writtenBy: daemon) { !$0.isEmpty }, "status.json never listed the incident")
        #expect(listed.map(\.id) == [id])
        #expect(listed.first?.checks == [check])
        #expect(listed.first?.status == .open)
        #expect(listed.first?.title == "\(check) is CRITICAL")
        let file = directory.file("state") + "/incidents/\(id).json"
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(daemon.notify.datagrams.contains { $0.fields["STATUS"]?.hasSuffix("1 incident open") == true },
                "STATUS= says the incident is open")

        #expect(daemon.terminate() == 0)
        daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1 after the restart; output: \(daemon.output)")
        let kept = Self.incidents(writtenBy: daemon) { !$0.isEmpty }
        #expect(kept?.map(\.id) == [id], "the restarted daemon lists the same incident")
        #expect(DaemonRestartTests.waitForResult(of: check, .critical, writtenBy: daemon))
        // A result after the restart has been decided on (and saved) before the journal is read.
        pause(.seconds(2))
        #expect(try Self.opened(check).count == 1, "no second incident after the restart")
        #expect(Self.incidents(writtenBy: daemon) { _ in true }?.map(\.id) == [id])

        #expect(FileManager.default.createFile(atPath: target, contents: Data("fresh\n".utf8)))
        // Ids are unique within one state directory: other tests' daemons sharing this journal count from 0001 too.
        let resolved = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.incidentResolved.messageID)",
                                                                         "INCIDENT_ID=\(id)", "_PID=\(daemon.process.pid)"],
                                                              timeout: .seconds(30)).first)
        #expect(resolved["INCIDENT_STATUS"] == "resolved")
        #expect(resolved["CHECKS"] == check)
        #expect(Self.incidents(writtenBy: daemon) { $0.isEmpty } != nil, "a resolved incident leaves status.json")
        let saved = try JSONDecoder().decode(Incident.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(saved.status == .resolved, "the resolution is on disk too")
        #expect(daemon.terminate() == 0)
    }
}
