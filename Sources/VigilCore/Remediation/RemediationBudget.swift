import FoundationEssentials

/// How often one plan may act on one target: at most `maxAttempts` within a sliding `window`,
/// exponential backoff between attempts, and a stop (monit's "unmonitor") once spent.
///
/// Only health refills it: after the target has been HEALTHY for `healthyFor`, or by an operator's
/// resume. A reload or a restart must not, so the state is `Codable` and the caller persists it;
/// every time is a wall-clock `Date` passed in by the caller so it means the same after a reboot.
/// A clock stepped back only delays attempts, never adds any.
public struct RemediationBudget: Sendable, Equatable, Codable {
    public struct Policy: Sendable, Equatable, Codable {
        /// Attempts allowed within `window`.
        public var maxAttempts: Int
        /// The sliding window attempts are counted in.
        public var window: Duration
        /// The wait after the first attempt; it doubles after each further attempt.
        public var backoff: Duration
        /// The longest wait between attempts. Default 15 minutes: half the default window, so a
        /// long-broken target is still tried again within each window.
        public var backoffMax: Duration
        /// How long the target must stay HEALTHY before the budget refills.
        public var healthyFor: Duration

        public init(maxAttempts: Int = 3, window: Duration = .seconds(30 * 60), backoff: Duration = .seconds(60),
                    backoffMax: Duration = .seconds(15 * 60), healthyFor: Duration = .seconds(10 * 60)) {
            self.maxAttempts = maxAttempts
            self.window = window
            self.backoff = backoff
            self.backoffMax = backoffMax
            self.healthyFor = healthyFor
        }

        /// The wait after the `attempt`-th attempt since the last refill (1-based):
        /// `backoff`, doubled per further attempt, capped by `backoffMax`.
        public func delay(afterAttempt attempt: Int) -> Duration {
            var delay = backoff
            for _ in 1..<max(attempt, 1) {
                guard delay < backoffMax else { break }
                delay = delay * 2
            }
            return min(delay, backoffMax)
        }
    }

    public enum Decision: Sendable, Equatable {
        /// Run the plan. `attempt` counts attempts since the budget last refilled (the `ATTEMPT`
        /// field); `budgetLeft` is what remains of the window after this one (`BUDGET_LEFT`).
        case run(attempt: Int, budgetLeft: Int)
        case skip(reason: RemediationSkipReason)
    }

    /// Changes worth a journal entry of their own.
    public enum Change: Sendable, Equatable {
        /// The last attempt of the window failed, or one more was asked for: the plan stops (priority alert).
        case spent
        /// The target stayed healthy for `healthyFor`: attempts and backoff are forgotten.
        case refilled(healthySince: Date)
        /// An operator re-armed the stopped plan.
        case resumed
    }

    public var policy: Policy
    /// Start times of the attempts still inside the window (older ones are dropped as it slides).
    public private(set) var attempts: [Date] = []
    /// Attempts since the last refill; drives the backoff doubling and the `ATTEMPT` field.
    public private(set) var attemptsSinceRefill = 0
    /// No attempt before this (`NEXT_ALLOWED_AT`); `nil` when none was made since the last refill.
    public private(set) var nextAllowedAt: Date?
    /// When the budget was spent; `nil` while the plan may act.
    public private(set) var stoppedSince: Date?
    /// When the target's current healthy stretch began; `nil` while it is not healthy.
    public private(set) var healthySince: Date?

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    public var isStopped: Bool { stoppedSince != nil }

    /// Attempts left in the window at `now`.
    public func budgetLeft(at now: Date) -> Int {
        max(policy.maxAttempts - attempts(inWindowAt: now).count, 0)
    }

    /// The plan wants to act on its target. A `.run` is counted at once (so a crash during the
    /// attempt cannot hand it back) and arms the backoff from `now`.
    public mutating func attemptRequested(at now: Date) -> Decision {
        if isStopped { return .skip(reason: .stopped) }
        attempts = attempts(inWindowAt: now)
        guard attempts.count < policy.maxAttempts else {
            stoppedSince = now
            return .skip(reason: .budgetSpent)
        }
        if let nextAllowedAt, now < nextAllowedAt {
            return .skip(reason: .backoff(nextAllowedAt: nextAllowedAt))
        }
        attempts.append(now)
        attemptsSinceRefill += 1
        nextAllowedAt = WallClock.date(now, plus: policy.delay(afterAttempt: attemptsSinceRefill))
        return .run(attempt: attemptsSinceRefill, budgetLeft: policy.maxAttempts - attempts.count)
    }

    /// The attempt ended (verified or not). The backoff runs from its end, since an attempt
    /// with its verification can take minutes; a failed last attempt of the window stops the plan.
    public mutating func attemptFinished(succeeded: Bool, at now: Date) -> Change? {
        nextAllowedAt = WallClock.date(now, plus: policy.delay(afterAttempt: max(attemptsSinceRefill, 1)))
        attempts = attempts(inWindowAt: now)
        guard !succeeded, !isStopped, attempts.count >= policy.maxAttempts else { return nil }
        stoppedSince = now
        return .spent
    }

    /// A HEALTHY result for the target. Once the healthy stretch reaches `healthyFor` the budget
    /// refills (and a stopped plan is re-armed); one `.refilled` per stretch that had something to forget.
    public mutating func targetHealthy(at now: Date) -> Change? {
        guard let since = healthySince, now >= since else {
            healthySince = now
            return nil
        }
        guard now >= WallClock.date(since, plus: policy.healthyFor), hasSomethingToForget else { return nil }
        refill()
        return .refilled(healthySince: since)
    }

    /// A non-HEALTHY result for the target: the healthy stretch starts over.
    public mutating func targetUnhealthy(at now: Date) {
        healthySince = nil
    }

    /// The operator's `vigil resume`: a stopped plan gets a full budget. `nil` when it was not stopped.
    public mutating func resume(at now: Date) -> Change? {
        guard isStopped else { return nil }
        refill()
        return .resumed
    }

    private var hasSomethingToForget: Bool {
        !attempts.isEmpty || attemptsSinceRefill > 0 || nextAllowedAt != nil || isStopped
    }

    private mutating func refill() {
        attempts = []
        attemptsSinceRefill = 0
        nextAllowedAt = nil
        stoppedSince = nil
    }

    /// An attempt falls out of the window once `window` has passed since it started.
    private func attempts(inWindowAt now: Date) -> [Date] {
        attempts.filter { now < WallClock.date($0, plus: policy.window) }
    }
}
