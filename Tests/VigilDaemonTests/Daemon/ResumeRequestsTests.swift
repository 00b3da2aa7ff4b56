import Foundation
import Glibc
import Testing
import VigilDaemon
import VigilFiles

@Suite("ResumeRequests")
struct ResumeRequestsTests {
    @Test("a posted request is pending until taken; take returns each name once, sorted, and removes its file")
    func postAndTake() throws {
        let scratch = try ScratchDirectory()
        let requests = ResumeRequests(runtimeDirectory: scratch.path)
        #expect(ResumeRequests(besideStatusFile: scratch.file("status.json")).directory == scratch.file("resume"))
        #expect(requests.take() == [], "no folder yet: nothing to take")
        try requests.post(plan: "restart-db")
        try requests.post(plan: "clear_cache.v2")
        try requests.post(plan: "restart-db")
        #expect(requests.isPending(plan: "restart-db"))
        #expect(requests.isPending(plan: "clear_cache.v2"))
        #expect(!requests.isPending(plan: "other"))
        #expect(scratch.read("resume/restart-db")?.hasPrefix("restart-db\n") == true)
        #expect(requests.take() == ["clear_cache.v2", "restart-db"])
        #expect(!requests.isPending(plan: "restart-db"))
        #expect(requests.take() == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: requests.directory) == [])
    }

    @Test("names that are not plain file names are refused and nothing is written", arguments: [
        "", ".", "..", ".hidden", "../escape", "a/b", "/abs", "nul\0byte", String(repeating: "x", count: 201),
    ])
    func badNames(name: String) throws {
        let scratch = try ScratchDirectory()
        let requests = ResumeRequests(runtimeDirectory: scratch.path)
        #expect(throws: ResumeRequests.InvalidPlanName(name: name)) { try requests.post(plan: name) }
        #expect(!requests.isPending(plan: name))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [])
    }

    @Test("the edge of the name rules: a dot inside and 200 bytes are fine")
    func edgeNames() throws {
        let scratch = try ScratchDirectory()
        let requests = ResumeRequests(runtimeDirectory: scratch.path)
        let longest = String(repeating: "x", count: 200)
        try requests.post(plan: "a.b")
        try requests.post(plan: longest)
        #expect(requests.take() == ["a.b", longest])
    }

    @Test("the write is atomic: no temp file is left, the file is 0644 and the folder 0755 whatever the umask")
    func atomicAndModes() throws {
        let scratch = try ScratchDirectory()
        let requests = ResumeRequests(runtimeDirectory: scratch.path)
        let previous = umask(0o077)
        defer { umask(previous) }
        try requests.post(plan: "restart-api")
        try requests.post(plan: "restart-api")
        #expect(try FileManager.default.contentsOfDirectory(atPath: requests.directory) == ["restart-api"])
        var info = stat()
        #expect(stat(requests.directory, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o755)
        #expect(stat(requests.path(for: "restart-api"), &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o644)
    }

    @Test("take leaves temp files, folders and odd names alone")
    func takeIgnoresOthers() throws {
        let scratch = try ScratchDirectory()
        let requests = ResumeRequests(runtimeDirectory: scratch.path)
        try requests.post(plan: "restart-db")
        #expect(FileManager.default.createFile(atPath: scratch.file("resume/.restart-db.123.tmp"), contents: Data("half".utf8)))
        #expect(mkdir(scratch.file("resume/a-folder"), 0o755) == 0)
        #expect(requests.take() == ["restart-db"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: requests.directory).sorted()
            == [".restart-db.123.tmp", "a-folder"])
    }

    @Test("the folder gets the runtime folder's owner, so a daemon running as its own user can remove requests")
    func folderOwner() throws {
        let scratch = try ScratchDirectory()
        #expect(chown(scratch.path, 65534, 65534) == 0, "the tests run as root")
        let requests = ResumeRequests(runtimeDirectory: scratch.path)
        try requests.post(plan: "restart-db")
        var info = stat()
        #expect(stat(requests.directory, &info) == 0)
        #expect(info.st_uid == 65534 && info.st_gid == 65534)
    }

    @Test("a failure names the operation and the path")
    func failureIsClear() throws {
        let scratch = try ScratchDirectory()
        let requests = ResumeRequests(runtimeDirectory: scratch.file("missing"))
        let error = #expect(throws: FileWriteError.self) { try requests.post(plan: "restart-db") }
        #expect(error?.description == "mkdir \(scratch.file("missing/resume")): No such file or directory")
    }
}
