import Foundation
import Glibc
import Testing
import VigilCore
import VigilFiles
import VigilTestSupport
@testable import VigilDaemon

/// The outbox on real files: one file per pending delivery written whole, removed when done, a
/// file that cannot be decoded set aside while the others load, and write failures that say where.
@Suite struct OutboxFilesTests {
    static let day = Date(timeIntervalSince1970: 1_800_000_000)
    static let incident = Incident(id: IncidentID(openedOn: day, number: 7), title: "db is CRITICAL", severity: .p0, openedAt: day,
                                   checks: [Incident.Check(name: "db", severity: .p0, status: .critical, reason: "refused")])

    static func entry(_ id: String, createdAt offset: Double = 0.25, attempts: Int = 0) -> OutboxEntry {
        OutboxEntry(delivery: NotificationDelivery(id: id, notifier: "pager", event: .escalated, role: "tech-lead", incident: incident,
                                                   subject: "[P0] db is CRITICAL", body: "line one\nline two",
                                                   createdAt: day.addingTimeInterval(offset)),
                    attempts: attempts, nextAttemptAt: day.addingTimeInterval(offset + 10.5),
                    lastAttemptAt: attempts > 0 ? day.addingTimeInterval(offset) : nil, lastError: attempts > 0 ? "HTTP 503" : nil)
    }

    static func names(in files: OutboxFiles) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: files.directory)) ?? []).sorted()
    }

    @Test func savedEntriesLoadBackExactlyOldestFirst() throws {
        let directory = try ScratchDirectory()
        let files = OutboxFiles(stateDirectory: directory.path)
        let older = Self.entry("INC-20270115-0007:escalated:tech-lead:pager", createdAt: 0.125, attempts: 3)
        let newer = Self.entry("a-newer-one", createdAt: 5.5)
        try files.save(newer)
        try files.save(older)
        let loaded = files.load()
        #expect(loaded.entries == [older, newer], "sub-second dates and every field survive")
        #expect(loaded.problems.isEmpty)
        #expect(Self.names(in: files) == ["INC-20270115-0007:escalated:tech-lead:pager.json", "a-newer-one.json"],
                "one file per delivery, no temp file left")
        var mode = stat()
        #expect(stat(files.path(of: older.id), &mode) == 0)
        #expect(mode.st_mode & 0o777 == 0o600)
        #expect(stat(files.directory, &mode) == 0)
        #expect(mode.st_mode & 0o777 == 0o700)
    }

    @Test func aChangeRewritesOnlyItsEntryAndADoneOneIsDeleted() throws {
        let directory = try ScratchDirectory()
        let files = OutboxFiles(stateDirectory: directory.path)
        var first = Self.entry("n1")
        let second = Self.entry("n2", createdAt: 1)
        try files.save(first)
        try files.save(second)
        var before = stat()
        #expect(stat(files.path(of: second.id), &before) == 0)
        first.attempts = 1
        try files.save(first)
        var after = stat()
        #expect(stat(files.path(of: second.id), &after) == 0)
        #expect(after.st_ino == before.st_ino, "the other entry's file was not rewritten")
        #expect(files.load().entries == [first, second])
        try files.delete(first.id)
        try files.delete(first.id)
        #expect(files.load().entries == [second], "deleting twice is no error")
    }

    @Test func anIdThatIsNoSafeFileNameIsEncoded() throws {
        let directory = try ScratchDirectory()
        let files = OutboxFiles(stateDirectory: directory.path)
        let odd = Self.entry("../escape/ü .hidden")
        try files.save(odd)
        #expect(OutboxFiles.fileName(of: ".x") == "%2Ex.json", "no hidden name, which load skips as a temp file")
        #expect(Self.names(in: files) == ["%2E.%2Fescape%2F%C3%BC%20.hidden.json"], "a dot only when it leads")
        #expect(files.load().entries == [odd])
    }

    @Test func aTornOrGarbageFileIsSetAsideAndTheOthersLoad() throws {
        let directory = try ScratchDirectory()
        let files = OutboxFiles(stateDirectory: directory.path)
        let good = Self.entry("good")
        try files.save(good)
        let whole = try Data(contentsOf: URL(fileURLWithPath: files.path(of: good.id)))
        let torn = files.path(of: "torn")
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: torn))
        let garbage = files.path(of: "garbage")
        try Data([0xFF, 0x00, 0x13, 0x37]).write(to: URL(fileURLWithPath: garbage))
        let misnamed = files.path(of: "misnamed")
        try whole.write(to: URL(fileURLWithPath: misnamed))

        let loaded = files.load()
        #expect(loaded.entries == [good])
        #expect(loaded.problems.map(\.path) == [garbage, misnamed, torn])
        #expect(loaded.problems.map(\.movedTo) == [garbage + ".bad", misnamed + ".bad", torn + ".bad"])
        #expect(loaded.problems[0].reason.hasPrefix("cannot be decoded"), "\(loaded.problems[0].reason)")
        #expect(loaded.problems[1].reason == "it holds notification good, not the one its name says")
        #expect(loaded.problems[2].reason.hasPrefix("cannot be decoded"))
        #expect(FileManager.default.fileExists(atPath: torn + ".bad"), "kept for a person to look at")
        let again = files.load()
        #expect(again.problems.isEmpty && again.entries == [good], "a file set aside is not read again")
    }

    @Test func anUnwritableFolderIsAnErrorNamingThePath() throws {
        let directory = try ScratchDirectory()
        // A file where the folder should be: no writing can succeed, whoever runs the test.
        try Data().write(to: URL(fileURLWithPath: directory.file("outbox")))
        let files = OutboxFiles(stateDirectory: directory.path)
        let error = try #require(throws: FileWriteError.self) { try files.save(Self.entry("n1")) }
        #expect(error.path.hasPrefix(directory.file("outbox")), "\(error)")
        #expect(error.errorNumber == ENOTDIR, "\(error)")
        #expect("\(error)".contains(directory.file("outbox")))
        #expect(files.load().entries.isEmpty)
    }

    @Test func aFullDiskFailsTheWriteClearlyAndKeepsTheOldFile() throws {
        let disk = try SmallTmpfs(sizeInKilobytes: 64)
        let files = OutboxFiles(stateDirectory: disk.path)
        let entry = Self.entry("n1")
        try files.save(entry)
        try disk.fill("filler")
        var changed = entry
        changed.attempts = 1
        changed.lastError = String(repeating: "x", count: 16_384)
        let error = try #require(throws: FileWriteError.self) { try files.save(changed) }
        #expect(error.errorNumber == ENOSPC, "\(error)")
        #expect("\(error)".contains("No space left on device"), "\(error)")
        #expect(error.path.hasPrefix(files.directory), "\(error)")
        #expect(files.load().entries == [entry], "the entry on disk is the old one, whole")
        #expect(Self.names(in: files) == ["n1.json"], "no temp file left behind")
    }
}
