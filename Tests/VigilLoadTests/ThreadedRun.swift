import Foundation

/// Runs a blocking call on a thread of its own while the test does something else after a delay
/// (stops a server in the middle of a run, say), then waits for the call's result.
struct ThreadedRun<Value: Sendable>: Sendable {
    let body: @Sendable () throws -> Value

    init(_ body: @escaping @Sendable () throws -> Value) {
        self.body = body
    }

    func afterDelay(_ delay: Duration, _ action: () -> Void) throws -> Value {
        let box = ResultBox<Value>()
        let thread = Thread { box.set(Result { try body() }) }
        thread.start()
        Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        action()
        return try box.wait().get()
    }
}

private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, any Error>?

    func set(_ result: Result<Value, any Error>) {
        condition.lock()
        self.result = result
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Result<Value, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
