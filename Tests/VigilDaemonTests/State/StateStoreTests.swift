import Foundation
import Glibc
import Testing
import VigilCore
@testable import VigilDaemon

/// What a decision engine might persist: counters, a deadline with sub-second precision, text.
struct SampleState: Codable, Sendable, Equatable {
    var budgets: [String: Int]
    var nextAllowedAt: Date
    var history: [String]

    static let example = SampleState(
        budgets: ["restart-database": 2, "clear-cache": 0],
        nextAllowedAt: Date(timeIntervalSinceReferenceDate: 760_000_123.456_789),
        history: ["HEALTHY", "CRITICAL", "päth/with \"quotes\"\n"]
    )
}

@Suite("StateStore")
struct StateStoreTests {
    let scratch: ScratchDirectory
    let store: StateStore<SampleState>
    /// 2025-01-31T12:34:56Z
    let savedAt = Date(timeIntervalSince1970: 1_738_326_896)

    init() throws {
        scratch = try ScratchDirectory()
        store = StateStore(directory: scratch.file("state"))
    }

    @Test("a saved document loads back equal, with its save time, from a 0600 file")
    func roundTrip() throws {
        try store.save(.example, at: savedAt)
        #expect(store.load() == .loaded(.example, savedAt: savedAt))
        var info = stat()
        #expect(stat(store.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(store.directory, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory) == ["state.json"])
    }

    @Test("a later save replaces the earlier one")
    func saveReplaces() throws {
        try store.save(.example, at: savedAt)
        var changed = SampleState.example
        changed.budgets["restart-database"] = 1
        try store.save(changed, at: savedAt.addingTimeInterval(60))
        #expect(store.load() == .loaded(changed, savedAt: savedAt.addingTimeInterval(60)))
    }

    @Test("a save never writes into the old file: one who holds it open still reads the old document whole")
    func oldFileIsReplacedNotRewritten() throws {
        try store.save(.example, at: savedAt)
        let before = try Data(contentsOf: URL(fileURLWithPath: store.path))
        let held = open(store.path, O_RDONLY | O_CLOEXEC)
        #expect(held >= 0)
        defer { close(held) }
        var heldInfo = stat()
        fstat(held, &heldInfo)

        var changed = SampleState.example
        changed.history = Array(repeating: "CRITICAL", count: 500)
        try store.save(changed, at: savedAt)

        var buffer = [UInt8](repeating: 0, count: before.count + 1)
        #expect(pread(held, &buffer, buffer.count, 0) == before.count)
        #expect(Data(buffer.prefix(before.count)) == before)
        var newInfo = stat()
        #expect(stat(store.path, &newInfo) == 0)
        #expect(newInfo.st_ino != heldInfo.st_ino)
        #expect(store.load() == .loaded(changed, savedAt: savedAt))
    }

    @Test("no file, or no folder at all, is a fresh start")
    func fresh() throws {
        #expect(store.load() == .fresh)
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: false)
        #expect(store.load() == .fresh)
    }

    @Test("the file is one JSON object: format, saved_at, length and CRC-32 of the state's bytes, then the state")
    func fileFormat() throws {
        try store.save(.example, at: savedAt)
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text.hasPrefix(#"{"format":1,"saved_at":"2025-01-31T12:34:56Z","length":"#))
        #expect(text.hasSuffix("}}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["format", "saved_at", "length", "crc32", "state"])
        let stateText = String(text[text.range(of: #""state":"#)!.upperBound...].dropLast(2))
        #expect(object["length"] as? Int == stateText.utf8.count)
        #expect((object["crc32"] as? NSNumber)?.uint32Value == CRC32.checksum(Data(stateText.utf8)))
    }

    @Test("CRC-32 is zlib's: the standard check value of \"123456789\"")
    func crc32CheckValue() {
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Data()) == 0)
    }

    static let damagedFiles: [(name: String, contents: String, reason: String)] = [
        ("empty", "", "the file is empty"),
        ("garbage", "\u{7f}ELF\u{01}\u{02} not json at all", "not a Vigil state file: The given data was not valid JSON."),
        ("zero-filled", String(repeating: "\0", count: 512), "not a Vigil state file: The given data was not valid JSON."),
        ("JSON array", "[1, 2, 3]", "not a Vigil state file"),
        ("JSON of another shape", #"{"budgets": {"x": 1}}"#, #"not a Vigil state file: missing "format""#),
        ("future format", #"{"format":2,"saved_at":"2030-01-01T00:00:00Z","state":{"new":true}}"#,
         "format version 2 is unknown (this Vigil reads version 1)"),
        ("header without crc32", #"{"format":1,"saved_at":"2025-01-31T12:34:56Z","length":2,"state":{}}"#,
         #"the header is damaged: missing "crc32""#),
        ("bad saved_at", #"{"format":1,"saved_at":"yesterday","length":2,"crc32":0,"state":{}}"#,
         "saved_at \"yesterday\" is not an ISO 8601 time"),
        ("wrong length", #"{"format":1,"saved_at":"2025-01-31T12:34:56Z","length":5,"crc32":0,"state":{}}"#,
         "the state is not 5 bytes long, as the header says"),
        ("wrong checksum", #"{"format":1,"saved_at":"2025-01-31T12:34:56Z","length":2,"crc32":7,"state":{}}"#,
         "the state's checksum is 2745614147, the header says 7"),
        ("state of another shape", #"{"format":1,"saved_at":"2025-01-31T12:34:56Z","length":2,"crc32":2745614147,"state":{}}"#,
         #"the state does not decode: missing "budgets""#),
    ]

    @Test("a damaged file is set aside under a timestamped name, with its reason; the next load is fresh",
          arguments: damagedFiles)
    func damagedFileIsSetAside(damage: (name: String, contents: String, reason: String)) throws {
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: false)
        try Data(damage.contents.utf8).write(to: URL(fileURLWithPath: store.path))
        let outcome = store.load(now: savedAt)
        let expectedName = store.path + ".corrupt-20250131T123456Z"
        guard case .setAside(let movedTo, let reason) = outcome else {
            Issue.record("\(damage.name): expected the file set aside, got \(outcome)")
            return
        }
        #expect(movedTo == expectedName)
        #expect(reason.contains(damage.reason), "\(damage.name): \(reason)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: movedTo)) == Data(damage.contents.utf8))
        #expect(store.load() == .fresh)
    }

    @Test("a file that lost or changed bytes anywhere is never trusted")
    func truncatedOrAlteredAtEveryOffset() throws {
        try store.save(.example, at: savedAt)
        let original = try Data(contentsOf: URL(fileURLWithPath: store.path))
        // Cutting only the final newline leaves the whole object: that file is still good.
        for length in 0..<(original.count - 1) {
            try original.prefix(length).write(to: URL(fileURLWithPath: store.path))
            guard case .setAside(let movedTo, _) = store.load(now: savedAt) else {
                Issue.record("a file cut to \(length) of \(original.count) bytes was not set aside")
                continue
            }
            unlink(movedTo)
        }
        try original.prefix(original.count - 1).write(to: URL(fileURLWithPath: store.path))
        #expect(store.load() == .loaded(.example, savedAt: savedAt))
        // One byte of the state changed in a way that is still valid JSON of the right shape.
        let altered = try #require(String(data: original, encoding: .utf8)?.replacingOccurrences(of: "\"clear-cache\":0", with: "\"clear-cache\":9"))
        #expect(altered.utf8.count == original.count)
        try Data(altered.utf8).write(to: URL(fileURLWithPath: store.path))
        guard case .setAside(_, let reason) = store.load(now: savedAt) else {
            Issue.record("an altered state was trusted")
            return
        }
        #expect(reason.contains("checksum"))
    }

    @Test("two files set aside in the same second keep distinct names")
    func setAsideTwiceInOneSecond() throws {
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: false)
        var moved: [String] = []
        for _ in 0..<3 {
            try Data("junk".utf8).write(to: URL(fileURLWithPath: store.path))
            guard case .setAside(let movedTo, _) = store.load(now: savedAt) else {
                Issue.record("junk was not set aside")
                return
            }
            moved.append(movedTo)
        }
        let base = store.path + ".corrupt-20250131T123456Z"
        #expect(moved == [base, base + ".1", base + ".2"])
    }

    @Test("temp files left by a writer killed mid-save are removed at load; others' files are not")
    func leftoverTemporaryFilesAreRemoved() throws {
        try store.save(.example, at: savedAt)
        for name in [".state.json.12345.tmp", ".state.json.999.tmp", ".other.json.1.tmp", "notes.txt"] {
            try Data("partial".utf8).write(to: URL(fileURLWithPath: store.directory + "/" + name))
        }
        #expect(store.load() == .loaded(.example, savedAt: savedAt))
        let left = try FileManager.default.contentsOfDirectory(atPath: store.directory).sorted()
        #expect(left == [".other.json.1.tmp", "notes.txt", "state.json"])
    }

    @Test("a document that cannot be encoded is an encode error and the previous file stays")
    func encodeFailure() throws {
        let numbers = StateStore<[Double]>(directory: store.directory, fileName: "numbers.json")
        try numbers.save([1.5], at: savedAt)
        #expect(throws: StateStoreError.self) { try numbers.save([.nan]) }
        let error = try #require(throws: StateStoreError.self) { try numbers.save([.infinity]) }
        #expect(error.operation == "encode")
        #expect(error.errorNumber == nil)
        #expect(error.path == numbers.path)
        #expect(numbers.load() == .loaded([1.5], savedAt: savedAt))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory) == ["numbers.json"])
    }

    @Test("a state folder that is a file is a clear mkdir error")
    func folderIsAFile() throws {
        try Data().write(to: URL(fileURLWithPath: store.directory))
        let nested = StateStore<SampleState>(directory: store.directory + "/inner")
        #expect(throws: StateStoreError(path: nested.directory, operation: "mkdir", errorNumber: ENOTDIR,
                                        reason: "Not a directory")) {
            try nested.save(.example)
        }
    }

    @Test("saving a 100 KB document, fsync included, takes well under a second on this disk")
    func saveLatency() throws {
        let big = SampleState(budgets: [:], nextAllowedAt: .now,
                              history: (0..<2_000).map { String(format: "result %05d HEALTHY ok", $0) + String(repeating: "x", count: 25) })
        try store.save(big)
        let size = try #require(FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int)
        #expect((95_000...120_000).contains(size), "document is \(size) bytes")
        var durations: [Duration] = []
        for _ in 0..<10 {
            let start = ContinuousClock.now
            try store.save(big)
            durations.append(ContinuousClock.now - start)
        }
        let sorted = durations.sorted()
        print("StateStore: save of a \(size)-byte document with fsync: median \(sorted[5]), max \(sorted[9]) (10 saves)")
        #expect(sorted[5] < .seconds(1))
    }
}

@Suite("StateDirectory")
struct StateDirectoryTests {
    @Test("state_dir, else the first folder of $STATE_DIRECTORY, else /var/lib/vigil", arguments: [
        (DaemonSettings(stateDirectory: "/srv/vigil"), ["STATE_DIRECTORY": "/var/lib/other"], "/srv/vigil"),
        (DaemonSettings(), ["STATE_DIRECTORY": "/var/lib/vigil-a"], "/var/lib/vigil-a"),
        (DaemonSettings(), ["STATE_DIRECTORY": "/var/lib/first:/var/lib/second"], "/var/lib/first"),
        (DaemonSettings(runtimeDirectory: "/run/elsewhere"), [:], "/var/lib/vigil"),
    ])
    func resolution(settings: DaemonSettings, environment: [String: String], expected: String) {
        #expect(StateDirectory.path(for: settings, environment: environment) == expected)
    }
}
