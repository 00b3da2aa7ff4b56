import FoundationEssentials
import VigilCore

/// The engine's state in the state directory: `state.json`, a snapshot written whole (`StateStore`),
/// and `state.log`, the changes since, appended (`StateLog`). A save appends only the entries that
/// changed; once the log has grown past the snapshot, the next save writes a new snapshot and
/// starts an empty log, so the cost of a save stays in proportion to what it changed.
///
/// Loading reads the snapshot and replays the log over it. A snapshot that cannot be trusted is set
/// aside as before (and its log, which has nothing to follow, is ignored); a damaged record ends the
/// replay there and is reported, the records before it kept.
public final class EngineStateStore {
    public let snapshots: StateStore<EngineState>
    private let log: StateLog<EngineStateDelta>
    /// The state as the files hold it now; changes are measured against it.
    public private(set) var persisted = EngineState()
    /// The snapshot on disk; nil until one was written or loaded.
    private var snapshot: StateFileIdentity?

    static let logName = "state.log"

    /// A log shorter than this is never worth a new snapshot.
    public let minimumCompactionBytes: Int

    public init(directory: String, minimumCompactionBytes: Int = 256 * 1024) {
        snapshots = StateStore(directory: directory)
        log = StateLog(path: directory + "/" + Self.logName)
        self.minimumCompactionBytes = minimumCompactionBytes
    }

    public var path: String { snapshots.path }
    public var logPath: String { log.path }

    public struct Loaded {
        public var outcome: StateStore<EngineState>.LoadOutcome
        /// Records of the log replayed over the snapshot.
        public var replayed: Int
        /// Why part of the log was left out, if it was.
        public var damagedLog: String?
    }

    /// Reads the snapshot and replays its log. `readOnly` (a reader beside the running daemon)
    /// touches nothing, as `StateStore.load` says.
    public func load(now: Date = Date(), readOnly: Bool = false) -> Loaded {
        if !readOnly { snapshots.removeLeftoverTemporaryFiles(of: Self.logName) }
        let (outcome, identity) = snapshots.loadIdentified(now: now, readOnly: readOnly)
        guard case .loaded(var state, let savedAt) = outcome, let identity else {
            return Loaded(outcome: outcome, replayed: 0, damagedLog: nil)
        }
        var replayed = 0
        var damagedLog: String?
        if case let .records(records, damaged) = StateLog<EngineStateDelta>.read(log.path, following: identity) {
            for record in records { record.apply(to: &state) }
            replayed = records.count
            damagedLog = damaged
        }
        if !readOnly {
            persisted = state
            snapshot = identity
        }
        return Loaded(outcome: .loaded(state, savedAt: savedAt), replayed: replayed, damagedLog: damagedLog)
    }

    /// Makes the files hold `state` as far as `scope` asks: appends what changed since the last save
    /// (synced to disk before returning), or writes a new snapshot when the log is due for one or
    /// none is open. Returns how many entries were written; 0 when nothing in scope changed.
    @discardableResult
    public func save(_ state: EngineState, scope: EngineStateDelta.Scope, at now: Date = Date()) throws(StateStoreError) -> Int {
        guard let snapshot, log.follows == snapshot else {
            try compact(state, at: now)
            return state.checks.count + state.breakers.count + state.plans.count + state.running.count + 1
        }
        let delta = EngineStateDelta.changes(from: persisted, to: state, scope: scope)
        guard !delta.isEmpty else { return 0 }
        try log.append(delta, at: now, sync: true)
        delta.apply(to: &persisted)
        if log.size > max(minimumCompactionBytes, 2 * snapshot.length) {
            try compact(persisted, at: now)
        }
        return delta.entryCount
    }

    /// Writes `state` whole as the new snapshot and starts an empty log after it.
    public func compact(_ state: EngineState, at now: Date = Date()) throws(StateStoreError) {
        log.close()
        let identity = try snapshots.save(state, at: now)
        snapshot = identity
        persisted = state
        try log.start(after: identity, at: now)
    }
}
