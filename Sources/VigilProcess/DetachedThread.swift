import Dispatch
import Glibc

/// Runs blocking work on a new POSIX thread of its own, as Foundation's `Thread.detachNewThread`
/// did: a Dispatch pool is only as wide as the machine's cores, so work that may hang (a step, a
/// query cancel) must not take one of its threads.
public enum DetachedThread {
    /// Starts `body` on a new detached thread. When the system refuses a thread, `body` runs on
    /// Dispatch's pool instead: late, but it runs.
    public static func start(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let started = pthread_create(&thread, &attributes, { context in
            let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
            work.body()
            return nil
        }, work)
        if started != 0 {
            let work = Unmanaged<Work>.fromOpaque(work).takeRetainedValue()
            DispatchQueue.global().async { work.body() }
        }
    }

    /// Runs `work` on a thread of its own and waits for its result without holding a thread of
    /// Swift's cooperative pool, which is as narrow as the machine.
    public static func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            start { continuation.resume(returning: work()) }
        }
    }

    private final class Work: Sendable {
        let body: @Sendable () -> Void
        init(body: @escaping @Sendable () -> Void) {
            self.body = body
        }
    }
}
