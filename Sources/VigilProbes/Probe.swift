import VigilCore

/// Looks at one thing in the outside world and says what it saw.
///
/// A probe must return or throw by its deadline even when the target is frozen: the runner
/// stops waiting at the deadline anyway, but a probe that overstays holds a thread.
public protocol Probe: Sendable {
    func observe(until deadline: ContinuousClock.Instant) async throws -> Observation
}

/// A probe whose whole work is one blocking call that keeps its own deadline (`statvfs`, a read of
/// `/proc`, a plugin run by `ChildProcess`): the daemon runs it on a Dispatch thread directly
/// (`ProbeRunner.start`), sparing the hops through Swift's task pool that an `async` run costs.
public protocol BlockingProbe: Probe {
    func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation
}

extension BlockingProbe {
    public func observe(until deadline: ContinuousClock.Instant) async throws -> Observation {
        try await BlockingIO.run { try observeBlocking(until: deadline) }
    }
}

/// A probe failure whose text is fit for the report and the journal (no secrets in it).
public struct ProbeError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
