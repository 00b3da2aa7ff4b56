import FoundationEssentials
import VigilCore
import VigilSystemd

/// One duty's state file (`releases.json`, `rollback.json`): loaded with a file that cannot be
/// trusted set aside and said, saved whole, a failed write said once per episode and its recovery
/// said too. Touched from one queue (the decision loop's).
final class JournaledStateFile<Value: Codable & Sendable> {
    private let store: StateStore<Value>
    private let sink: any EventSink
    private var writeFailure: String?

    init(directory: String, fileName: String, sink: any EventSink) {
        store = StateStore(directory: directory, fileName: fileName)
        self.sink = sink
    }

    /// What was kept, or nil when there was nothing (or nothing trustworthy, which is journaled).
    func load() -> Value? {
        switch store.load() {
        case .fresh: return nil
        case .loaded(let value, _): return value
        case .setAside(let movedTo, let reason): sink.write(.stateSetAside(path: store.path, movedTo: movedTo, reason: reason))
        case .unusable(let reason): sink.write(.stateSetAside(path: store.path, movedTo: nil, reason: reason))
        }
        return nil
    }

    func save(_ value: Value) {
        do {
            try store.save(value)
            if writeFailure != nil {
                writeFailure = nil
                sink.write(.stateWriteRecovered(path: store.path, failuresUnsaid: 0))
            }
        } catch {
            if writeFailure == nil { sink.write(.stateWriteFailed(error.description, failuresUnsaid: 0)) }
            writeFailure = error.description
        }
    }
}
