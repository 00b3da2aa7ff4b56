import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

@Suite("EngineStateStore: a snapshot and the log of changes since", .serialized)
struct EngineStateStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// `count` checks, each with `results` HEALTHY results.
    static func fleet(_ count: Int, results: Int = 3) -> EngineState {
        var state = EngineState()
        for index in 0..<count {
            var memory = CheckMemory(CheckDefinition(name: "check_\(index)", kind: .disk(path: "/")))
            for step in 0..<results { _ = memory.state.resultArrived(.healthy, at: now + Double(step)) }
            state.checks["check_\(index)"] = memory
        }
        return state
    }

    static func withResult(_ status: Status, for name: String, in state: EngineState, at step: Int) -> EngineState {
        var state = state
        _ = state.checks[name]?.state.resultArrived(status, at: now + Double(step))
        return state
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    static func reload(_ directory: String) -> EngineStateStore.Loaded {
        EngineStateStore(directory: directory).load(readOnly: true)
    }

    @Test("a decision appends a record of that check alone; the snapshot is not rewritten; a reload replays it")
    func decisionAppendsOneRecord() throws {
        let scratch = try ScratchDirectory()
        let store = EngineStateStore(directory: scratch.path)
        var state = Self.fleet(1000)
        try store.compact(state, at: Self.now)
        let snapshot = try Data(contentsOf: URL(fileURLWithPath: store.path))
        let emptyLog = Self.size(store.logPath)

        // A HEALTHY result more is soft history: nothing is written for decisions.
        state = Self.withResult(.healthy, for: "check_5", in: state, at: 10)
        #expect(try store.save(state, scope: .decisions) == 0)
        #expect(Self.size(store.logPath) == emptyLog)

        // Three CRITICAL results confirm CRITICAL: one record, one check.
        for step in 11...13 { state = Self.withResult(.critical, for: "check_5", in: state, at: step) }
        #expect(try store.save(state, scope: .decisions) == 1)
        let record = Self.size(store.logPath) - emptyLog
        #expect(record > 0 && record * 200 < snapshot.count, "a record of \(record) bytes beside a snapshot of \(snapshot.count)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.path)) == snapshot, "the snapshot was rewritten")

        let loaded = Self.reload(scratch.path)
        #expect(loaded.replayed == 1)
        #expect(loaded.damagedLog == nil)
        guard case .loaded(let reloaded, _) = loaded.outcome else { Issue.record("\(loaded.outcome)"); return }
        #expect(reloaded == state)
        #expect(reloaded.checks["check_5"]?.state.hard == .critical)
    }

    @Test("once the log outgrows the snapshot, a save writes a new snapshot and an empty log")
    func logIsCompacted() throws {
        let scratch = try ScratchDirectory()
        let store = EngineStateStore(directory: scratch.path, minimumCompactionBytes: 1024)
        var state = Self.fleet(3)
        try store.compact(state, at: Self.now)
        let emptyLog = Self.size(store.logPath)
        var compactions = 0
        for step in 0..<200 {
            state = Self.withResult(step % 2 == 0 ? .critical : .healthy, for: "check_\(step % 3)", in: state, at: 10 + step)
            let before = Self.size(store.logPath)
            try store.save(state, scope: .everything)
            if Self.size(store.logPath) < before { compactions += 1 }
            #expect(Self.size(store.logPath) <= max(1024, 2 * Self.size(store.path)) + 2048)
        }
        #expect(compactions > 5)
        #expect(Self.size(store.logPath) >= emptyLog)
        guard case .loaded(let reloaded, _) = Self.reload(scratch.path).outcome else { Issue.record("not loaded"); return }
        #expect(reloaded == state)
    }

    @Test("a log left beside a newer snapshot (a crash between the two writes) is stale and ignored")
    func staleLogIsIgnored() throws {
        let scratch = try ScratchDirectory()
        let store = EngineStateStore(directory: scratch.path)
        let first = Self.fleet(2)
        try store.compact(first, at: Self.now)
        let changed = Self.withResult(.critical, for: "check_0", in: first, at: 20)
        try store.save(changed, scope: .everything)
        let oldLog = try Data(contentsOf: URL(fileURLWithPath: store.logPath))

        let newer = Self.fleet(5)
        try store.compact(newer, at: Self.now + 60)
        try oldLog.write(to: URL(fileURLWithPath: store.logPath))
        let loaded = Self.reload(scratch.path)
        #expect(loaded.replayed == 0)
        guard case .loaded(let reloaded, _) = loaded.outcome else { Issue.record("\(loaded.outcome)"); return }
        #expect(reloaded == newer)
    }

    @Test("a torn record at the end is left out and said; the records before it are kept")
    func tornRecordIsLeftOut() throws {
        let scratch = try ScratchDirectory()
        let store = EngineStateStore(directory: scratch.path)
        var state = Self.fleet(2)
        try store.compact(state, at: Self.now)
        state = Self.withResult(.critical, for: "check_0", in: state, at: 10)
        try store.save(state, scope: .everything)
        let kept = state
        state = Self.withResult(.critical, for: "check_1", in: state, at: 11)
        try store.save(state, scope: .everything)

        // Cut the last record in half, as a power cut before its fsync may.
        let log = try Data(contentsOf: URL(fileURLWithPath: store.logPath))
        let lastStart = log.dropLast().lastIndex(of: UInt8(ascii: "\n"))! + 1
        try log.prefix(lastStart + (log.count - lastStart) / 2).write(to: URL(fileURLWithPath: store.logPath))

        let loaded = Self.reload(scratch.path)
        #expect(loaded.replayed == 1)
        let damaged = try #require(loaded.damagedLog)
        #expect(damaged.contains("record 2 of \(store.logPath) is damaged"), "\(damaged)")
        guard case .loaded(let reloaded, _) = loaded.outcome else { Issue.record("\(loaded.outcome)"); return }
        #expect(reloaded == kept)
    }

    @Test("a full disk fails the append with ENOSPC, leaves no part of it, and the next save after space returns writes it")
    func fullDiskLeavesNoPartialRecord() throws {
        let disk = try SmallTmpfs(sizeInKilobytes: 256)
        let directory = disk.path + "/state"
        let store = EngineStateStore(directory: directory)
        var state = Self.fleet(20)
        try store.compact(state, at: Self.now)
        let logBefore = try Data(contentsOf: URL(fileURLWithPath: store.logPath))
        try disk.fill("filler")

        for step in 0..<3 { state = Self.withResult(.critical, for: "check_0", in: state, at: 10 + step) }
        for index in 1..<20 { state.checks["check_\(index)"]?.suppressedBy = "check_0" }
        let error = try #require(throws: StateStoreError.self) { try store.save(state, scope: .decisions) }
        #expect(error.errorNumber == ENOSPC, "\(error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: store.logPath)) == logBefore, "part of a failed record stayed")

        unlink(disk.path + "/filler")
        #expect(try store.save(state, scope: .decisions) == 20)
        guard case .loaded(let reloaded, _) = Self.reload(directory).outcome else { Issue.record("not loaded"); return }
        #expect(reloaded == state)
    }
}
