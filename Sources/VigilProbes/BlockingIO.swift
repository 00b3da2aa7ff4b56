import Dispatch

/// Runs blocking calls (libpq, poll(), waitpid(), statvfs()) on Dispatch threads, never on
/// Swift's cooperative pool: on two cores, two frozen targets would otherwise stall every task.
public enum BlockingIO {
    static let queue = DispatchQueue(label: "vigil.blocking-io", attributes: .concurrent)

    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
