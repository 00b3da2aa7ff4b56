/// Polls `condition` every 10 ms until it holds or `timeout` passes; says whether it held.
/// For what a test waits on from another thread (a Dispatch timer, a queue), never for timing.
public func waitUntil(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now.advanced(by: timeout)
    while !condition() {
        if clock.now >= end { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}
