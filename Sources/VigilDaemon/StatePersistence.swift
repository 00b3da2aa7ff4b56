import Dispatch
import FoundationEssentials
import VigilCore
import VigilProcess
import VigilSystemd

/// Keeps the engine's state on disk, on the decision loop's queue: decisions (confirmed states,
/// breakers, budgets, attempts) are appended and synced the moment they are made; the soft history
/// (each check's latest results) is appended every `softHistoryInterval` and at a stop. A crash
/// loses at most that much soft history, which only means a few results are gathered again.
///
/// A full or read-only disk is said at a limited rate and never stops the daemon: decisions go on
/// in memory and the next save retries with everything not yet written.
final class StatePersistence {
    /// How often the soft history is written.
    static let softHistoryInterval: Duration = .seconds(30)

    private let store: EngineStateStore
    private let queue: DispatchQueue
    private let sink: any EventSink
    private var writeReports = ReportRateLimiter()
    private var softHistoryTimer: DispatchSourceTimer?

    init(directory: String, queue: DispatchQueue, sink: any EventSink) {
        store = EngineStateStore(directory: directory)
        self.queue = queue
        self.sink = sink
    }

    var path: String { store.path }

    /// What the last run left, or nil to start clean; a snapshot that cannot be trusted is set
    /// aside and reported at priority err, a damaged log record likewise.
    func load() -> EngineState? {
        let loaded = store.load()
        if let damaged = loaded.damagedLog {
            sink.write(.daemonError("part of the state log was left out", reason: damaged))
        }
        switch loaded.outcome {
        case .fresh:
            return nil
        case .loaded(let state, _):
            return state
        case .setAside(let movedTo, let reason):
            sink.write(.stateSetAside(path: store.path, movedTo: movedTo, reason: reason))
        case .unusable(let reason):
            sink.write(.stateSetAside(path: store.path, movedTo: nil, reason: reason))
        }
        return nil
    }

    /// Writes the decisions in `state` that are not on disk yet; the soft history waits for its timer.
    func decisionsMade(_ state: EngineState) {
        write { () throws(StateStoreError) in _ = try store.save(state, scope: .decisions) }
    }

    /// Writes everything not on disk yet, the soft history too (at a stop, say).
    func saveAll(_ state: EngineState) {
        write { () throws(StateStoreError) in _ = try store.save(state, scope: .everything) }
    }

    /// Writes `state` as a new snapshot with an empty log (at start, after replaying the old one).
    func rewrite(_ state: EngineState) {
        write { () throws(StateStoreError) in try store.compact(state) }
    }

    /// Saves the soft history every `softHistoryInterval`, reading the state through `current`.
    func startSoftHistoryTimer(_ current: @escaping () -> EngineState) {
        let interval = Int(DurationText.milliseconds(Self.softHistoryInterval))
        let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(interval), repeating: .milliseconds(interval),
                       leeway: .milliseconds(interval / 10))
        timer.setEventHandler { [unowned self] in
            saveAll(current())
            // Encoding every check's history is the daemon's largest burst of allocations: hand the
            // pages it freed back to the system, or the heap keeps the high-water mark of each burst.
            ProcessMemory.releaseFreedPages()
        }
        timer.resume()
        softHistoryTimer = timer
    }

    func stop(_ state: EngineState) {
        softHistoryTimer?.cancel()
        saveAll(state)
    }

    private func write(_ save: () throws(StateStoreError) -> Void) {
        let now = ContinuousClock.now
        do {
            try save()
            if case let .reportRecovery(suppressed) = writeReports.succeeded(at: now) {
                sink.write(.stateWriteRecovered(path: store.path, failuresUnsaid: suppressed))
            }
        } catch {
            if case let .reportFailure(suppressed) = writeReports.failed(at: now) {
                sink.write(.stateWriteFailed(error.description, failuresUnsaid: suppressed))
            }
        }
    }
}
