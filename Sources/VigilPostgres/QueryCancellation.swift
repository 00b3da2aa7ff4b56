import Synchronization

/// Lets another thread stop the work of a connection (the daemon stopping while a long scan
/// runs): once cancelled, the statement in flight is sent a `PQcancel` and every later one fails
/// at once, so the scan ends in moments instead of at its deadline.
public final class QueryCancellation: Sendable {
    private let cancelled = Mutex(false)

    public init() {}

    public var isCancelled: Bool { cancelled.withLock { $0 } }

    public func cancel() {
        cancelled.withLock { $0 = true }
    }
}
