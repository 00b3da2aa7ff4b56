import FoundationEssentials

/// The seed's circuit breaker, one per outside target (a database, an HTTP origin, a unit): after
/// enough consecutive failures the target is left alone for a while instead of being hammered.
///
/// Times are wall-clock `Date`s from the caller, so the state can be persisted and an open
/// breaker stays open across a daemon restart.
public struct CircuitBreaker: Sendable, Equatable, Codable {
    public struct Settings: Sendable, Equatable, Codable {
        /// Consecutive failures that open a closed breaker.
        public var failureThreshold: Int
        /// How long an open breaker rejects calls before it lets one through.
        public var resetTimeout: Duration
        /// Consecutive successes while half-open that close the breaker.
        public var successThreshold: Int

        public init(failureThreshold: Int = 5, resetTimeout: Duration = .seconds(60), successThreshold: Int = 3) {
            self.failureThreshold = failureThreshold
            self.resetTimeout = resetTimeout
            self.successThreshold = successThreshold
        }
    }

    /// The three positions, as the journal's `FROM_STATE`/`TO_STATE` and `vigil status` name them.
    public enum Position: String, Sendable, Codable, CaseIterable {
        case closed = "CLOSED"
        case open = "OPEN"
        case halfOpen = "HALF_OPEN"
    }

    public enum State: Sendable, Equatable, Codable {
        case closed(consecutiveFailures: Int)
        case open(since: Date, lastError: String)
        /// `callInFlight` is true while the one trial call is out; `successes` counts finished trials.
        case halfOpen(successes: Int, callInFlight: Bool)

        public var position: Position {
            switch self {
            case .closed: .closed
            case .open: .open
            case .halfOpen: .halfOpen
            }
        }
    }

    public enum Action: Sendable, Equatable {
        /// Go ahead and touch the target.
        case callTarget
        /// Do not touch the target; the check reports CRITICAL with this reason.
        case rejectCall(reason: String)
        /// The breaker moved; the daemon journals every transition.
        case transition(from: Position, to: Position, reason: String)
    }

    public var settings: Settings
    public private(set) var state: State

    public init(settings: Settings = Settings(), state: State = .closed(consecutiveFailures: 0)) {
        self.settings = settings
        self.state = state
    }

    /// A call to the target is about to be made: allowed, rejected, or the trial call of a
    /// half-open breaker (preceded by its transition).
    ///
    /// A clock stepped back before the opening counts as the timeout having passed, so a
    /// clock change cannot hold a breaker open indefinitely.
    public mutating func callRequested(at now: Date) -> [Action] {
        switch state {
        case .closed:
            return [.callTarget]
        case let .open(since, lastError):
            let reopensAt = WallClock.date(since, plus: settings.resetTimeout)
            guard now >= reopensAt || now < since else {
                return [.rejectCall(reason: "circuit open since \(WallClock.text(since)), last error: \(lastError)")]
            }
            state = .halfOpen(successes: 0, callInFlight: true)
            return [.transition(from: .open, to: .halfOpen,
                                reason: "reset timeout \(DurationText.format(settings.resetTimeout)) elapsed, letting one call through"),
                    .callTarget]
        case let .halfOpen(successes, callInFlight):
            guard !callInFlight else {
                return [.rejectCall(reason: "circuit half-open, a trial call is in flight")]
            }
            state = .halfOpen(successes: successes, callInFlight: true)
            return [.callTarget]
        }
    }

    /// The call succeeded. A success while open (a call that started before the breaker opened)
    /// changes nothing: only trial calls may close it.
    public mutating func callSucceeded(at now: Date) -> [Action] {
        switch state {
        case .closed:
            state = .closed(consecutiveFailures: 0)
            return []
        case .open:
            return []
        case let .halfOpen(successes, _):
            let count = successes + 1
            guard count >= settings.successThreshold else {
                state = .halfOpen(successes: count, callInFlight: false)
                return []
            }
            state = .closed(consecutiveFailures: 0)
            return [.transition(from: .halfOpen, to: .closed, reason: count == 1 ? "1 successful call" : "\(count) consecutive successful calls")]
        }
    }

    /// The call failed with `error` (its one-line text, kept for the rejection reason).
    public mutating func callFailed(_ error: String, at now: Date) -> [Action] {
        switch state {
        case let .closed(failures):
            let count = failures + 1
            guard count >= settings.failureThreshold else {
                state = .closed(consecutiveFailures: count)
                return []
            }
            state = .open(since: now, lastError: error)
            return [.transition(from: .closed, to: .open, reason: (count == 1 ? "1 failure" : "\(count) consecutive failures") + ", last error: \(error)")]
        case .open:
            return []
        case .halfOpen:
            state = .open(since: now, lastError: error)
            return [.transition(from: .halfOpen, to: .open, reason: "trial call failed: \(error)")]
        }
    }
}
