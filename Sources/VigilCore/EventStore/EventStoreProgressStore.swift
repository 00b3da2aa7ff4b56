/// Where `event_store` checks keep their progress between runs: the state directory in the
/// daemon. A port, so the probe that runs the check needs no file code of its own.
public protocol EventStoreProgressStore: Sendable {
    /// The check's progress, `nil` when it has none yet (or it could not be trusted and was set
    /// aside). Throws only when it exists but cannot be read at all.
    func load(check: String) throws(EventStoreProgressStoreError) -> EventStoreProgress?
    /// Replaces the check's progress whole; on failure the previous one is left as it was.
    func save(_ progress: EventStoreProgress, check: String) throws(EventStoreProgressStoreError)
}

/// Why progress could not be read or written, with the path and the system's reason.
public struct EventStoreProgressStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
