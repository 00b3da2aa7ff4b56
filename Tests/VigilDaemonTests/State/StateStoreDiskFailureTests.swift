import Foundation
import Glibc
import Testing
import VigilDaemon
import VigilTestSupport

@Suite("StateStore on a failing disk", .serialized)
struct StateStoreDiskFailureTests {
    static let before = SampleState(budgets: ["restart-database": 3], nextAllowedAt: Date(timeIntervalSinceReferenceDate: 1.25), history: ["HEALTHY"])
    static let after = SampleState(budgets: ["restart-database": 2], nextAllowedAt: Date(timeIntervalSinceReferenceDate: 2.5),
                                   history: Array(repeating: "CRITICAL", count: 1_000))
    static let savedAt = Date(timeIntervalSince1970: 1_738_326_896)

    @Test("a full disk is a clear ENOSPC error, leaves no temp file, and the previous state stays loadable")
    func fullDisk() throws {
        let disk = try SmallTmpfs(sizeInKilobytes: 64)
        let store = StateStore<SampleState>(directory: disk.path + "/state")
        try store.save(Self.before, at: Self.savedAt)
        try disk.fill("filler")

        let error = try #require(throws: StateStoreError.self) { try store.save(Self.after) }
        #expect(error.errorNumber == ENOSPC)
        #expect(error.description.contains("No space left on device"), "\(error)")
        #expect(error.description.contains(store.directory + "/"), "\(error)")
        #expect(["open", "write", "fsync", "close"].contains(error.operation), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory) == ["state.json"])
        #expect(store.load() == .loaded(Self.before, savedAt: Self.savedAt))

        // Space comes back: the next save works.
        unlink(disk.path + "/filler")
        try store.save(Self.after, at: Self.savedAt)
        #expect(store.load() == .loaded(Self.after, savedAt: Self.savedAt))
    }

    @Test("a read-only disk is a clear EROFS error and the previous state stays loadable")
    func readOnlyDisk() throws {
        let disk = try SmallTmpfs(sizeInKilobytes: 256)
        let store = StateStore<SampleState>(directory: disk.path + "/state")
        try store.save(Self.before, at: Self.savedAt)
        try disk.remountReadOnly()

        #expect(throws: StateStoreError(path: "\(store.directory)/.state.json.\(getpid()).tmp", operation: "open",
                                        errorNumber: EROFS, reason: "Read-only file system")) {
            try store.save(Self.after)
        }
        #expect(store.load() == .loaded(Self.before, savedAt: Self.savedAt))
    }

    @Test("a damaged file on a read-only disk cannot be set aside: unusable, with both reasons, never fatal")
    func damagedFileOnReadOnlyDisk() throws {
        let disk = try SmallTmpfs(sizeInKilobytes: 256)
        let store = StateStore<SampleState>(directory: disk.path + "/state")
        try store.save(Self.before, at: Self.savedAt)
        try Data("{\"format\":1,".utf8).write(to: URL(fileURLWithPath: store.path))
        try disk.remountReadOnly()

        guard case .unusable(let reason) = store.load() else {
            Issue.record("expected the file to be unusable")
            return
        }
        #expect(reason.contains("not valid JSON"), "\(reason)")
        #expect(reason.contains("cannot set it aside: rename \(store.path): Read-only file system"), "\(reason)")
    }
}
