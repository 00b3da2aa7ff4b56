import VigilCore

/// Looks at one thing in the outside world and says what it saw.
///
/// A probe must return or throw by its deadline even when the target is frozen: the runner
/// stops waiting at the deadline anyway, but a probe that overstays holds a thread.
public protocol Probe: Sendable {
    func observe(until deadline: ContinuousClock.Instant) async throws -> Observation
}

/// A probe failure whose text is fit for the report and the journal (no secrets in it).
public struct ProbeError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
