import Foundation

/// Runs blocking test work (libpq, `pg_ctl`, `waitpid`) on a thread of its own and awaits it.
///
/// Swift Testing runs tests on the cooperative pool, one thread per core: a test that blocks
/// one of those threads delays every other test's resumption, which wrecks timing assertions.
@discardableResult
public func runOnOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}
