import Synchronization

/// A request, from another thread (a signal handler, a stopping daemon), to abandon the children a
/// long job runs: a running child's group is ended as at its deadline (SIGTERM, grace, SIGKILL) and
/// no further child is spawned.
///
/// `current` carries it down a job's call chain without threading it through every signature:
/// `ChildProcess.run` obeys the one bound where it is called.
public final class ChildCancellation: Sendable {
    @TaskLocal public static var current: ChildCancellation?

    private let state = Mutex<String?>(nil)

    public init() {}

    /// The first reason given wins (`interrupted by SIGINT`, `stopped by SIGTERM`).
    public func cancel(reason: String) {
        state.withLock { if $0 == nil { $0 = reason } }
    }

    /// Why the job was cancelled, or `nil` while it goes on.
    public var reason: String? { state.withLock { $0 } }

    public var isCancelled: Bool { reason != nil }
}
