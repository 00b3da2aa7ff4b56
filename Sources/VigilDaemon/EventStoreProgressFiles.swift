import VigilCore

/// `event_store` checks' progress: one `StateStore` document per check in
/// `<state_dir>/event-store/<check>.json`, written whole and checksummed. A damaged file is set
/// aside and reported, and the check starts over with a full scan: progress is a shortcut, never
/// the only copy of anything.
public struct EventStoreProgressFiles: EventStoreProgressStore {
    public let directory: String
    /// Read only (`vigil consistency` beside a running daemon): nothing is cleaned up, set aside
    /// or written, and a file that cannot be used is an error.
    public let readOnly: Bool
    private let report: @Sendable (JournalEvent) -> Void

    public init(stateDirectory: String, readOnly: Bool = false, report: @escaping @Sendable (JournalEvent) -> Void = { _ in }) {
        directory = stateDirectory + "/event-store"
        self.readOnly = readOnly
        self.report = report
    }

    public func path(of check: String) -> String { store(check).path }

    public func load(check: String) throws(EventStoreProgressStoreError) -> EventStoreProgress? {
        let store = store(check)
        switch store.load(readOnly: readOnly) {
        case .fresh:
            return nil
        case .loaded(let progress, _):
            return progress
        case .setAside(let movedTo, let reason):
            report(.stateSetAside(path: store.path, movedTo: movedTo, reason: reason))
            return nil
        case .unusable(let reason):
            if readOnly { throw EventStoreProgressStoreError("\(store.path): \(reason)") }
            report(.stateSetAside(path: store.path, movedTo: nil, reason: reason))
            return nil
        }
    }

    public func save(_ progress: EventStoreProgress, check: String) throws(EventStoreProgressStoreError) {
        guard !readOnly else { throw EventStoreProgressStoreError("\(store(check).path): opened read only") }
        do throws(StateStoreError) {
            try store(check).save(progress)
        } catch {
            throw EventStoreProgressStoreError(error.description)
        }
    }

    private func store(_ check: String) -> StateStore<EventStoreProgress> {
        StateStore(directory: directory, fileName: check + ".json")
    }
}
