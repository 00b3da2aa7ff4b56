import FoundationEssentials

/// What the engine has decided, as `vigil status` shows it and `status.json` carries it: each
/// check's soft/hard state, flapping and breaker, each plan's budget and what is running.
public struct DecisionSnapshot: Codable, Equatable, Sendable {
    public struct CheckView: Codable, Equatable, Sendable {
        public var name: String
        /// The confirmed status; UNKNOWN until the first confirmation.
        public var confirmed: Status
        /// The latest result's status when it is not confirmed yet.
        public var soft: Status?
        /// `HARD` when what is shown is confirmed, else `SOFT`.
        public var stateType: String
        /// When the confirmed status began.
        public var since: Date?
        public var flapping: Bool
        public var flapPercent: Double
        /// The CRITICAL dependency that suppresses this check.
        public var suppressedBy: String?
        public var breaker: BreakerView?

        public init(name: String, confirmed: Status, soft: Status? = nil, stateType: String, since: Date? = nil,
                    flapping: Bool = false, flapPercent: Double = 0, suppressedBy: String? = nil, breaker: BreakerView? = nil) {
            self.name = name
            self.confirmed = confirmed
            self.soft = soft
            self.stateType = stateType
            self.since = since
            self.flapping = flapping
            self.flapPercent = flapPercent
            self.suppressedBy = suppressedBy
            self.breaker = breaker
        }
    }

    public struct BreakerView: Codable, Equatable, Sendable {
        public var target: String
        public var state: CircuitBreaker.Position
        public var openSince: Date?
        public var lastError: String?

        public init(target: String, state: CircuitBreaker.Position, openSince: Date? = nil, lastError: String? = nil) {
            self.target = target
            self.state = state
            self.openSince = openSince
            self.lastError = lastError
        }
    }

    public struct PlanView: Codable, Equatable, Sendable {
        public var plan: String
        public var target: String
        public var mode: RemediationRun.Mode
        public var budgetLeft: Int
        public var maxAttempts: Int
        public var nextAllowedAt: Date?
        /// When the budget was spent; the plan acts again after `vigil resume` or `healthy_for` of health.
        public var stoppedSince: Date?
        public var running: RunningView?

        public init(plan: String, target: String, mode: RemediationRun.Mode, budgetLeft: Int, maxAttempts: Int,
                    nextAllowedAt: Date? = nil, stoppedSince: Date? = nil, running: RunningView? = nil) {
            self.plan = plan
            self.target = target
            self.mode = mode
            self.budgetLeft = budgetLeft
            self.maxAttempts = maxAttempts
            self.nextAllowedAt = nextAllowedAt
            self.stoppedSince = stoppedSince
            self.running = running
        }
    }

    public struct RunningView: Codable, Equatable, Sendable {
        public var check: String
        public var attempt: Int
        public var startedAt: Date
        /// `step 1 of 2: restart_unit db.service`, `grace until …`, `verifying: 1 of 2 HEALTHY by …`.
        public var phase: String

        public init(check: String, attempt: Int, startedAt: Date, phase: String) {
            self.check = check
            self.attempt = attempt
            self.startedAt = startedAt
            self.phase = phase
        }
    }

    public var checks: [CheckView]
    public var plans: [PlanView]

    public init(checks: [CheckView] = [], plans: [PlanView] = []) {
        self.checks = checks
        self.plans = plans
    }
}

extension DecisionEngine {
    /// The snapshot at `now`, checks in configuration order, plans by name then target.
    public func snapshot(at now: Date) -> DecisionSnapshot {
        let checks = configuration.enabledChecks.compactMap { definition -> DecisionSnapshot.CheckView? in
            guard let memory = state.checks[definition.name] else { return nil }
            let breaker = definition.breakerTarget.flatMap { target in
                state.breakers[target].map { Self.view(of: $0, target: target) }
            }
            return DecisionSnapshot.CheckView(
                name: definition.name, confirmed: memory.state.hard, soft: memory.state.soft,
                stateType: memory.state.isSoft ? "SOFT" : "HARD", since: memory.state.since,
                flapping: memory.flapping.isFlapping, flapPercent: memory.flapping.percent,
                suppressedBy: memory.suppressedBy, breaker: breaker)
        }
        let plans = state.plans.sorted { ($0.value.plan, $0.value.target, $0.key) < ($1.value.plan, $1.value.target, $1.key) }
            .map { key, slot in
                DecisionSnapshot.PlanView(
                    plan: slot.plan, target: slot.target, mode: slot.mode, budgetLeft: slot.budget.budgetLeft(at: now),
                    maxAttempts: slot.budget.policy.maxAttempts, nextAllowedAt: slot.budget.nextAllowedAt,
                    stoppedSince: slot.budget.stoppedSince, running: state.running[key].map(Self.view(of:)))
            }
        return DecisionSnapshot(checks: checks, plans: plans)
    }

    private static func view(of breaker: CircuitBreaker, target: String) -> DecisionSnapshot.BreakerView {
        if case let .open(since, lastError) = breaker.state {
            return DecisionSnapshot.BreakerView(target: target, state: .open, openSince: since, lastError: lastError)
        }
        return DecisionSnapshot.BreakerView(target: target, state: breaker.state.position)
    }

    private static func view(of active: ActiveRemediation) -> DecisionSnapshot.RunningView {
        let run = active.run
        let phase = switch run.phase {
        case .notStarted: "starting"
        case let .runningStep(index, _): "step \(index + 1) of \(run.steps.count): \(run.steps[index].summary)"
        case let .grace(until): "grace until \(WallClock.text(until))"
        case let .verifying(successes, deadline):
            "verifying: \(successes) of \(run.verification.verifySuccesses) HEALTHY by \(WallClock.text(deadline))"
        case .finished: "finished"
        }
        return DecisionSnapshot.RunningView(check: active.check, attempt: active.attempt, startedAt: active.startedAt, phase: phase)
    }
}
