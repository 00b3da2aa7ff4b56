import Foundation
import Glibc
import Testing
import VigilCore
@testable import VigilDaemon

/// The incident book on real files: one file per incident written whole, removed when forgotten,
/// the latest id kept apart, and a file that cannot be decoded set aside rather than fatal.
@Suite struct IncidentFilesTests {
    static let day = Date(timeIntervalSince1970: 1_800_000_000)

    static func incident(_ number: Int, check: String = "db", status: Incident.Status = .open) -> Incident {
        var incident = Incident(id: IncidentID(openedOn: day, number: number), title: "\(check) is CRITICAL", severity: .p1,
                                openedAt: day.addingTimeInterval(Double(number) + 0.25),
                                checks: [Incident.Check(name: check, severity: .p1, status: .critical, reason: "refused")])
        incident.status = status
        return incident
    }

    static func names(in files: IncidentFiles) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: files.directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func savedIncidentsLoadBackExactlyInTheOrderTheyOpened() throws {
        let directory = try ScratchDirectory()
        let files = IncidentFiles(stateDirectory: directory.path)
        let first = Self.incident(1), second = Self.incident(12, check: "api", status: .resolved)
        try files.save(second)
        try files.save(first)
        try files.saveIssued(second.id)
        let loaded = files.load()
        #expect(loaded.incidents == [first, second], "sub-second dates and every field survive")
        #expect(loaded.lastIssued == second.id)
        #expect(loaded.problems.isEmpty)
        #expect(Self.names(in: files) == ["INC-20270115-0001.json", "INC-20270115-0012.json", "issued.json"])
        var mode = stat()
        #expect(stat(files.path(of: first.id), &mode) == 0)
        #expect(mode.st_mode & 0o777 == 0o600)
    }

    @Test func aChangeRewritesItsIncidentWholeAndAForgottenOneIsDeleted() throws {
        let directory = try ScratchDirectory()
        let files = IncidentFiles(stateDirectory: directory.path)
        var incident = Self.incident(1)
        try files.save(incident)
        incident.status = .resolved
        incident.resolvedAt = Self.day.addingTimeInterval(60)
        try files.save(incident)
        #expect(files.load().incidents == [incident])
        try files.delete(incident.id)
        #expect(files.load().incidents.isEmpty)
        try files.delete(incident.id)
        #expect(Self.names(in: files).isEmpty, "deleting twice is no error and leaves nothing")
    }

    @Test func aFileThatCannotBeDecodedIsSetAsideAndTheOthersLoad() throws {
        let directory = try ScratchDirectory()
        let files = IncidentFiles(stateDirectory: directory.path)
        let good = Self.incident(2)
        try files.save(good)
        let bad = files.path(of: IncidentID(openedOn: Self.day, number: 1))
        try Data("{\"id\": \"INC-20270115-0001\", \"title\": ".utf8).write(to: URL(fileURLWithPath: bad))
        try Data("not json".utf8).write(to: URL(fileURLWithPath: files.issuedPath))
        let loaded = files.load()
        #expect(loaded.incidents == [good])
        #expect(loaded.problems.map(\.path) == [bad, files.issuedPath])
        #expect(loaded.problems.map(\.movedTo) == [bad + ".bad", files.issuedPath + ".bad"])
        #expect(loaded.problems.allSatisfy { $0.reason.hasPrefix("cannot be decoded") })
        #expect(loaded.lastIssued == good.id, "without issued.json, the newest incident kept is the latest id")
        #expect(FileManager.default.fileExists(atPath: bad + ".bad"))
        #expect(files.load().problems.isEmpty, "a file set aside is not read again")
    }

    @Test func aFileWrittenBeforeTimelineEntriesHadFieldsStillLoadsAndStaysInItsShape() throws {
        let directory = try ScratchDirectory()
        let files = IncidentFiles(stateDirectory: directory.path)
        let id = IncidentID(openedOn: Self.day, number: 1)
        // As the daemon wrote it before entries had check, plan, decision, notifier, reason and flapping.
        let old = """
            {
              "acknowledgedAt" : 821692860,
              "acknowledgedBy" : "alice",
              "checks" : [{"flapping" : false, "name" : "db", "reason" : "", "severity" : "P1", "status" : "HEALTHY"}],
              "escalatedAt" : 821692800,
              "escalationLevel" : 1,
              "id" : "\(id)",
              "lastUpdateAt" : 821692800,
              "openedAt" : 821692800,
              "resolvedAt" : 821693400,
              "severity" : "P1",
              "status" : "resolved",
              "timeline" : [
                {"at" : 821692800, "kind" : "opened", "text" : "db confirmed CRITICAL"},
                {"at" : 821692830, "kind" : "remediation", "text" : "db: db: plan restart runs on db, attempt 1"},
                {"at" : 821692840, "kind" : "notification-failed", "text" : "pager gave up on the opened notification: HTTP 503"},
                {"at" : 821693400, "kind" : "resolved", "text" : "every check is HEALTHY: db"}
              ],
              "title" : "db is CRITICAL"
            }
            """
        try FileManager.default.createDirectory(atPath: files.directory, withIntermediateDirectories: true)
        try Data(old.utf8).write(to: URL(fileURLWithPath: files.path(of: id)))
        let loaded = files.load()
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let incident = try #require(loaded.incidents.first)
        #expect(incident.timeline.map(\.kind) == [.opened, .remediation, .notificationFailed, .resolved])
        #expect(incident.timeline.allSatisfy { $0.check == nil && $0.plan == nil && $0.notifier == nil && $0.flapping == nil })
        try files.save(incident)
        let rewritten = try String(contentsOfFile: files.path(of: id), encoding: .utf8)
        for key in ["\"plan\"", "\"decision\"", "\"notifier\"", "\"flapping\" : true", "\"check\""] {
            #expect(!rewritten.contains(key), "an entry without the field has no key for it: \(rewritten)")
        }
        #expect(files.load().incidents == [incident])
    }

    @Test func aFileNamedForAnotherIncidentIsSetAside() throws {
        let directory = try ScratchDirectory()
        let files = IncidentFiles(stateDirectory: directory.path)
        try files.save(Self.incident(3))
        let wrongName = files.path(of: IncidentID(openedOn: Self.day, number: 4))
        #expect(rename(files.path(of: Self.incident(3).id), wrongName) == 0)
        let loaded = files.load()
        #expect(loaded.incidents.isEmpty)
        #expect(loaded.problems.first?.reason == "it holds incident INC-20270115-0003, not the one its name says")
    }

    @Test func anUnwritableFolderIsAnErrorNamingThePath() throws {
        let directory = try ScratchDirectory()
        // A file where the folder should be: no writing can succeed, whoever runs the test.
        try Data().write(to: URL(fileURLWithPath: directory.file("incidents")))
        let files = IncidentFiles(stateDirectory: directory.path)
        #expect(throws: (any Error).self) { try files.save(Self.incident(1)) }
        #expect(files.load().incidents.isEmpty)
    }

    @Test func theBookContinuesFromWhatWasLoaded() throws {
        let directory = try ScratchDirectory()
        let files = IncidentFiles(stateDirectory: directory.path)
        var book = IncidentBook()
        for output in book.checkConfirmed(check: "db", status: .critical, severity: .p1, at: Self.day) {
            if case let .changed(id) = output, let incident = book.incident(id) { try files.save(incident) }
        }
        let loaded = files.load()
        var again = IncidentBook(incidents: loaded.incidents, lastIssued: loaded.lastIssued)
        #expect(again == book)
        #expect(again.checkConfirmed(check: "db", status: .critical, severity: .p1, at: Self.day.addingTimeInterval(5))
            .compactMap(\.event).isEmpty, "the same failure after a restart opens nothing new")
        let other = again.checkConfirmed(check: "api", status: .critical, severity: .p1, at: Self.day.addingTimeInterval(6))
        #expect(other.compactMap(\.event).first?.value(of: "INCIDENT_ID") == "INC-20270115-0002")
    }
}
