import Foundation
import Glibc
import Testing
import VigilFiles
import VigilTestSupport

/// `AtomicFile` on real files in a temp folder (and on a tiny tmpfs that fills up): what a reader
/// sees after a replace, and what is left when a replace fails.
@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("replace creates the file with its mode, and its missing folder with the folder's mode")
    func createsWithModes() throws {
        let scratch = try ScratchFolder()
        let path = scratch.file("state/state.json")
        try AtomicFile.replace(path, with: Data("first\n".utf8), mode: 0o640, directoryMode: 0o700)
        #expect(FileManager.default.contents(atPath: path) == Data("first\n".utf8))
        #expect(ScratchFolder.mode(of: path) == 0o640)
        #expect(ScratchFolder.mode(of: scratch.file("state")) == 0o700)
        #expect(try scratch.names(in: scratch.file("state")) == ["state.json"])
    }

    @Test("replace puts the new file in place whole: a reader of the old one still reads all of the old bytes")
    func replacesWhole() throws {
        let scratch = try ScratchFolder()
        let path = scratch.file("state.json")
        let long = Data(repeating: UInt8(ascii: "a"), count: 100_000)
        try AtomicFile.replace(path, with: long, mode: 0o600, directoryMode: 0o700)
        let reader = open(path, O_RDONLY | O_CLOEXEC)
        try #require(reader >= 0)
        defer { close(reader) }

        try AtomicFile.replace(path, with: Data("short\n".utf8), mode: 0o644, directoryMode: 0o700)
        #expect(FileManager.default.contents(atPath: path) == Data("short\n".utf8))
        #expect(ScratchFolder.mode(of: path) == 0o644)
        #expect(FileHandle(fileDescriptor: reader, closeOnDealloc: false).readDataToEndOfFile() == long,
                "the old file was rewritten in place instead of replaced")
        #expect(try scratch.names() == ["state.json"])
    }

    @Test("a temp file an earlier process with this pid left is truncated and gets the new mode")
    func leftoverTemporaryFile() throws {
        let scratch = try ScratchFolder()
        let path = scratch.file("steps.running")
        let leftover = AtomicFile.temporaryPath(for: path)
        try Data(repeating: UInt8(ascii: "x"), count: 4096).write(to: URL(fileURLWithPath: leftover))
        try #require(chmod(leftover, 0o666) == 0)
        try AtomicFile.replace(path, with: Data("1234 5678\n".utf8), mode: 0o600, directoryMode: 0o700)
        #expect(FileManager.default.contents(atPath: path) == Data("1234 5678\n".utf8))
        #expect(ScratchFolder.mode(of: path) == 0o600)
        #expect(try scratch.names() == ["steps.running"])
    }

    @Test("a full disk fails with ENOSPC on the temp file, and leaves the old file and no temp file")
    func fullDiskKeepsTheOldFile() throws {
        let disk = try SmallTmpfs(sizeInKilobytes: 64)
        let path = disk.path + "/state.json"
        try AtomicFile.replace(path, with: Data("old\n".utf8), mode: 0o600, directoryMode: nil)
        try disk.fill("filler")

        let error = try #require(throws: FileWriteError.self) {
            try AtomicFile.replace(path, with: Data(repeating: 1, count: 256 * 1024), mode: 0o600, directoryMode: nil)
        }
        #expect(error.errorNumber == ENOSPC, "\(error)")
        #expect(error.path == AtomicFile.temporaryPath(for: path), "\(error)")
        #expect(["open", "write", "fsync", "close"].contains(error.operation), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == ["filler", "state.json"])
        #expect(FileManager.default.contents(atPath: path) == Data("old\n".utf8))
    }

    @Test("a rename that fails (a folder in the way) removes the temp file and leaves what was there")
    func failedRenameLeavesNoTemporaryFile() throws {
        let scratch = try ScratchFolder()
        let path = scratch.file("state.json")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try Data("kept\n".utf8).write(to: URL(fileURLWithPath: path + "/kept"))

        #expect(throws: FileWriteError(path: path, operation: "rename", errorNumber: EISDIR)) {
            try AtomicFile.replace(path, with: Data("new\n".utf8), mode: 0o600, directoryMode: 0o700)
        }
        #expect(try scratch.names() == ["state.json"])
        #expect(FileManager.default.contents(atPath: path + "/kept") == Data("kept\n".utf8))
    }

    @Test("a file where the folder should be fails with ENOTDIR, even for root, and nothing is written")
    func parentIsAFile() throws {
        let scratch = try ScratchFolder()
        try Data("plain\n".utf8).write(to: URL(fileURLWithPath: scratch.file("plain")))
        let path = scratch.file("plain/state.json")
        #expect(throws: FileWriteError(path: AtomicFile.temporaryPath(for: path), operation: "open", errorNumber: ENOTDIR)) {
            try AtomicFile.replace(path, with: Data("x".utf8), mode: 0o600, directoryMode: 0o700)
        }
        #expect(try scratch.names() == ["plain"])
        #expect(FileManager.default.contents(atPath: scratch.file("plain")) == Data("plain\n".utf8))
    }

    @Test("with no folder mode a missing folder is an error, never created")
    func missingFolderIsNotCreated() throws {
        let scratch = try ScratchFolder()
        let path = scratch.file("destination/.vigil-backup.last-failure")
        #expect(throws: FileWriteError(path: AtomicFile.temporaryPath(for: path), operation: "open", errorNumber: ENOENT)) {
            try AtomicFile.replace(path, with: Data("{}".utf8), mode: 0o600, directoryMode: nil)
        }
        #expect(try scratch.names() == [])
    }

    @Test("the temp file is hidden, beside its target, and one per process")
    func temporaryPath() {
        #expect(AtomicFile.temporaryPath(for: "/var/lib/vigil/state.json", processID: 4242) == "/var/lib/vigil/.state.json.4242.tmp")
        #expect(AtomicFile.temporaryPath(for: "/var/lib/vigil/state.json") == "/var/lib/vigil/.state.json.\(getpid()).tmp")
        #expect(AtomicFile.temporaryPath(for: "/run/vigil/status.json", processID: 1)
                != AtomicFile.temporaryPath(for: "/run/vigil/status.json", processID: 2))
    }

    @Test("syncFile and syncDirectory sync what is there and name what is not")
    func syncs() throws {
        let scratch = try ScratchFolder()
        let file = scratch.file("database.dump")
        try Data("dump\n".utf8).write(to: URL(fileURLWithPath: file))
        try AtomicFile.syncFile(file)
        try AtomicFile.syncDirectory(scratch.path)
        #expect(throws: FileWriteError(path: scratch.file("missing"), operation: "open", errorNumber: ENOENT)) {
            try AtomicFile.syncFile(scratch.file("missing"))
        }
        #expect(throws: FileWriteError(path: file, operation: "open folder", errorNumber: ENOTDIR)) {
            try AtomicFile.syncDirectory(file)
        }
    }

    @Test("writeAll writes every byte, and names the path when the descriptor refuses them")
    func writesAll() throws {
        let scratch = try ScratchFolder()
        let path = scratch.file("log")
        let data = Data((0..<(1 << 20) + 1).map { UInt8($0 % 251) })
        let writer = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(writer >= 0)
        try AtomicFile.writeAll(data, to: writer, path: path)
        close(writer)
        #expect(FileManager.default.contents(atPath: path) == data)

        let reader = open(path, O_RDONLY | O_CLOEXEC)
        try #require(reader >= 0)
        defer { close(reader) }
        #expect(throws: FileWriteError(path: path, operation: "write", errorNumber: EBADF)) {
            try AtomicFile.writeAll(Data("more".utf8), to: reader, path: path)
        }
    }

    @Test("retryingInterrupts calls again after EINTR, and only then")
    func retriesInterruptsOnly() {
        var calls = 0
        let result = AtomicFile.retryingInterrupts {
            calls += 1
            guard calls == 3 else { errno = EINTR; return -1 }
            return 0
        }
        #expect(result == 0 && calls == 3)

        calls = 0
        let failed = AtomicFile.retryingInterrupts {
            calls += 1
            errno = EIO
            return -1
        }
        #expect(failed == -1 && calls == 1 && errno == EIO)
    }
}
