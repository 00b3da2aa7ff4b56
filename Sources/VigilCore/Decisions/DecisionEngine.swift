import FoundationEssentials

/// Turns check results into decisions: confirmed states, flapping, dependency suppression,
/// circuit breakers and budgeted remediation, each rule a state machine of its own, composed here.
///
/// It is a value fed with events and wall-clock times; it does no I/O and reads no clock. The
/// daemon feeds it real results and executes what it asks; `vigil simulate` feeds it a recording
/// and a virtual clock. `state` is everything to persist; a configuration is applied, not persisted.
public struct DecisionEngine: Sendable {
    public private(set) var state: EngineState
    public private(set) var configuration: VigilConfiguration
    private var definitions: [String: CheckDefinition] = [:]
    private var gate = DependencyGate(dependsOn: [:])
    /// The checks a maintenance window or silence covers now, and what covers each (`silence SIL-…`):
    /// they start no remediation. Told by the daemon from its `MaintenanceCalendar`, not persisted.
    public private(set) var heldBack: [String: String] = [:]
    /// Why no plan starts at all now (a rollback runs, or failed and waits for `vigil resume
    /// rollback`); told by the daemon, not persisted here (the rollback's own state is).
    public private(set) var automationHold: RemediationSkipReason?
    /// Why `exclusive` plans do not start on this host (it does not lead the hosts of
    /// `[coordination]`); nil while it leads. Until the daemon has asked, nobody is known to lead.
    public private(set) var exclusiveHold: RemediationSkipReason? = .notLeading("leadership among the [coordination] hosts is not known yet")

    /// An engine running `configuration`, continuing from a persisted `state`.
    public init(configuration: VigilConfiguration, state: EngineState = EngineState()) {
        self.state = state
        self.configuration = configuration
        configure(configuration)
    }

    // MARK: - Configuration

    /// Applies a (re)loaded configuration. Histories, breakers and budgets of what is still
    /// configured are kept: a reload changes thresholds, it never refills a budget. Checks named in
    /// `lookingElsewhere` now look at another target (a new URL, argv or conninfo): their history
    /// and their target's breaker start afresh, since they describe the old one.
    public mutating func configure(_ new: VigilConfiguration, lookingElsewhere: Set<String> = []) {
        configuration = new
        for name in lookingElsewhere {
            state.checks[name] = nil
            if let target = definitions[name]?.breakerTarget { state.breakers[target] = nil }
        }
        let enabled = new.enabledChecks
        definitions = Dictionary(enabled.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        gate = DependencyGate(dependsOn: definitions.mapValues(\.dependsOn))

        var checks: [String: CheckMemory] = [:]
        for definition in enabled {
            var memory = state.checks[definition.name] ?? CheckMemory(definition)
            memory.state.policy = definition.confirmation
            memory.flapping.flapLow = definition.flapping.low
            memory.flapping.flapHigh = definition.flapping.high
            checks[definition.name] = memory
        }
        state.checks = checks

        let targets = Set(enabled.compactMap(\.breakerTarget))
        state.breakers = state.breakers.filter { targets.contains($0.key) }.mapValues { breaker in
            var breaker = breaker
            breaker.settings = new.breaker
            return breaker
        }

        // A slot whose plan is gone is forgotten unless an attempt of it is still running.
        state.plans = state.plans.filter { key, slot in
            new.remediationPlans[slot.plan] != nil || state.running[key] != nil
        }.mapValues { slot in
            var slot = slot
            if let plan = new.remediationPlans[slot.plan] { slot.budget.policy = plan.budget }
            return slot
        }
        state.coordinator.maxConcurrentRemediations = new.daemon.maxConcurrentRemediations
        releaseTrialCalls()
        // A reload may remove the dependency that suppressed a check: it is judged on its own again.
        let stillSuppressed = state.checks.filter { $0.value.suppressedBy != nil }.keys.map { ($0, suppression(of: $0)?.dependency) }
        for (name, dependency) in stillSuppressed { state.checks[name]?.suppressedBy = dependency }
    }

    /// After a restart: a step that was running when the daemon died is lost, so its attempt
    /// failed (it was counted when it started, so the budget is not refilled); attempts in grace
    /// or verification go on. A half-open breaker's trial call was lost too and may be made again.
    public mutating func recoverInterruptedWork(at now: Date) -> [EngineOutput] {
        releaseTrialCalls()
        var outputs: [EngineOutput] = []
        for key in state.running.keys.sorted() {
            guard let active = state.running[key], case .runningStep(let index, _) = active.run.phase else { continue }
            let step = active.run.steps[index]
            let reason = "step \(index + 1) of \(active.run.steps.count) (\(step.summary)) was interrupted by a daemon restart"
            outputs += finish(key, .stepFailed(reason: reason), at: now)
        }
        return outputs
    }

    /// A half-open breaker's trial call whose result will never come (the daemon died, or a reload
    /// replaced the check and dropped its run) would hold the breaker half-open for good: the
    /// next call is let through as the trial instead.
    private mutating func releaseTrialCalls() {
        for (target, breaker) in state.breakers {
            if case let .halfOpen(successes, true) = breaker.state {
                state.breakers[target] = CircuitBreaker(settings: breaker.settings,
                                                        state: .halfOpen(successes: successes, callInFlight: false))
            }
        }
    }

    /// The checks maintenance covers from now on; a check no longer covered remediates again at
    /// its next result.
    public mutating func hold(_ checks: [String: String]) {
        heldBack = checks
    }

    /// Holds every plan (`reason`: a rollback runs or failed) or lets them run again (nil).
    public mutating func holdAll(_ reason: RemediationSkipReason?) {
        automationHold = reason
    }

    /// Lets `exclusive` plans start (nil: this host leads) or holds them (why not).
    public mutating func holdExclusive(_ reason: RemediationSkipReason?) {
        exclusiveHold = reason
    }

    // MARK: - Results

    /// A check is due: should its probe touch the target? A suppressed check and one whose
    /// circuit is open are answered here. An open circuit's CRITICAL answer counts as the check's
    /// result (the target is down as far as anyone knows); a suppressed check's UNKNOWN answer does
    /// not, and the check starts afresh once its dependency is no longer CRITICAL.
    public mutating func callRequested(_ check: String, at now: Date) -> (verdict: CallVerdict, outputs: [EngineOutput]) {
        guard let definition = definitions[check], let memory = state.checks[check] else { return (.callTarget, []) }
        if memory.suppressedBy != nil, let suppression = suppression(of: check) {
            let result = CheckResult(name: check, kind: definition.kind.name, status: .unknown,
                                     message: suppression.reason, durationMs: 0, timestamp: now)
            return (.answered(result), [])
        }
        guard let target = definition.breakerTarget else { return (.callTarget, []) }
        var breaker = state.breakers[target] ?? CircuitBreaker(settings: configuration.breaker)
        let actions = breaker.callRequested(at: now)
        state.breakers[target] = breaker
        var outputs = transitions(actions, target: target, check: check)
        for case let .rejectCall(reason) in actions {
            let result = CheckResult(name: check, kind: definition.kind.name, status: .critical,
                                     message: reason, durationMs: 0, timestamp: now)
            outputs += record(result, of: definition, at: now)
            return (.answered(result), outputs)
        }
        return (.callTarget, outputs)
    }

    /// A probe's result. CRITICAL and UNKNOWN count as failed calls for the target's breaker.
    public mutating func resultArrived(_ result: CheckResult, at now: Date) -> [EngineOutput] {
        guard let definition = definitions[result.name], state.checks[result.name]?.suppressedBy == nil else { return [] }
        var outputs: [EngineOutput] = []
        if let target = definition.breakerTarget {
            var breaker = state.breakers[target] ?? CircuitBreaker(settings: configuration.breaker)
            let failed = result.status == .critical || result.status == .unknown
            let actions = failed ? breaker.callFailed(result.message, at: now) : breaker.callSucceeded(at: now)
            state.breakers[target] = breaker
            outputs += transitions(actions, target: target, check: result.name)
        }
        return outputs + record(result, of: definition, at: now)
    }

    /// Feeds one result through confirmation, flapping, dependencies and remediation.
    private mutating func record(_ result: CheckResult, of definition: CheckDefinition, at now: Date) -> [EngineOutput] {
        let name = definition.name
        guard var memory = state.checks[name] else { return [] }
        let changes = memory.state.resultArrived(result.status, at: now)
        let flap = memory.flapping.resultArrived(result.status, at: now)
        state.checks[name] = memory

        var outputs: [EngineOutput] = changes.flatMap { change in
            let entry = EngineOutput.journal(JournalEvent.stateChange(change, check: name, confirmed: memory.state.hard, reason: result.message)
                .adding(resultFieldsOf: result, severity: definition.severity))
            guard let confirmed = confirmedChange(change, of: definition, flapping: memory.flapping.isFlapping,
                                                  reason: result.message) else { return [entry] }
            return [entry, .confirmed(confirmed)]
        }
        if let flap {
            outputs.append(.journal(.flapping(check: name, flap, flapLow: memory.flapping.flapLow, flapHigh: memory.flapping.flapHigh)))
            if case .stoppedFlapping = flap { outputs.append(.flappingEnded(check: name)) }
        }
        if changes.contains(where: \.isConfirmation) { outputs += updateSuppressions(at: now) }
        let recovered = changes.contains { $0.confirmedStatus == .healthy }
        outputs += remediate(definition, status: result.status, recovered: recovered, at: now)
        return outputs
    }

    /// The incident desk's view of a confirmed change; `nil` for a soft one.
    private func confirmedChange(_ change: StateChange, of definition: CheckDefinition, flapping: Bool,
                                 reason: String) -> ConfirmedChange? {
        let status: Status, previous: Status
        switch change {
        case .softChange: return nil
        case let .confirmed(from, to, _): (status, previous) = (to, from)
        case let .recovered(from, _): (status, previous) = (.healthy, from)
        }
        return ConfirmedChange(check: definition.name, status: status, previous: previous, severity: definition.severity,
                               incident: definition.incident, suppressedBy: suppression(of: definition.name)?.dependency,
                               flapping: flapping, reason: reason)
    }

    /// Whether any configured check is confirmed CRITICAL: a release counts toward good only while none is.
    public var anyConfirmedCritical: Bool {
        definitions.keys.contains { state.checks[$0]?.state.hard == .critical }
    }

    /// The check's confirmed failure as a change from HEALTHY, or `nil` while it is confirmed HEALTHY
    /// or UNKNOWN: after a restart, what maintenance kept aside before it is rebuilt from this.
    public func standingFailure(of check: String) -> ConfirmedChange? {
        guard let definition = definitions[check], let memory = state.checks[check],
              memory.state.hard == .critical || memory.state.hard == .warning else { return nil }
        return ConfirmedChange(check: check, status: memory.state.hard, previous: .healthy, severity: definition.severity,
                               incident: definition.incident, suppressedBy: suppression(of: check)?.dependency,
                               flapping: memory.flapping.isFlapping, reason: "confirmed \(memory.state.hard.rawValue) before this start")
    }

    // MARK: - Dependencies

    private func suppression(of check: String) -> Suppression? {
        gate.suppression(of: check, confirmed: state.checks.mapValues(\.state.hard))
    }

    /// Suppresses the dependents of checks newly confirmed CRITICAL and releases those of checks
    /// that left it, in name order so the journal reads the same every time.
    private mutating func updateSuppressions(at now: Date) -> [EngineOutput] {
        var outputs: [EngineOutput] = []
        for name in state.checks.keys.sorted() {
            guard let memory = state.checks[name] else { continue }
            let current = suppression(of: name)
            switch (memory.suppressedBy, current) {
            case (nil, let suppression?):
                state.checks[name]?.suppressedBy = suppression.dependency
                outputs.append(.journal(.dependencySuppressed(check: name, suppression)))
                outputs += skipForDependency(name, suppression, at: now)
            case (let before?, nil):
                // What it said before the suppression is stale: it is judged afresh.
                if let definition = definitions[name] { state.checks[name] = CheckMemory(definition) }
                outputs.append(.journal(.dependencyCleared(check: name, dependency: before)))
            case (let before?, let suppression?) where before != suppression.dependency:
                state.checks[name]?.suppressedBy = suppression.dependency
            default:
                break
            }
        }
        return outputs
    }

    // MARK: - Breakers

    private func transitions(_ actions: [CircuitBreaker.Action], target: String, check: String) -> [EngineOutput] {
        actions.compactMap { action in
            guard case let .transition(from, to, reason) = action else { return nil }
            return .journal(.circuitBreakerTransition(target: target, from: from, to: to, reason: reason, check: check))
        }
    }

    // MARK: - Remediation

    /// Budget health, the running attempt's verification, and whether a confirmed CRITICAL state
    /// starts an attempt now (or why not).
    private mutating func remediate(_ definition: CheckDefinition, status: Status, recovered: Bool, at now: Date) -> [EngineOutput] {
        guard let (key, plan, fresh) = planSlot(of: definition), let memory = state.checks[definition.name] else { return [] }
        let planName = plan.name, target = fresh.target, mode = fresh.mode
        var slot = state.plans[key] ?? fresh
        var outputs: [EngineOutput] = []

        if status == .healthy {
            if case let .refilled(since)? = slot.budget.targetHealthy(at: now) {
                outputs.append(.journal(.remediationBudgetRefilled(check: definition.name, plan: planName, target: target,
                                                                   healthySince: since, policy: plan.budget)))
            }
        } else {
            slot.budget.targetUnhealthy(at: now)
        }
        // A confirmed recovery ends the episode, so its skips may be said again in the next one;
        // a flapping check's recoveries are one episode.
        if recovered, !memory.flapping.isFlapping { slot.lastSkip = nil }
        state.plans[key] = slot

        if var active = state.running[key], active.check == definition.name {
            let actions = active.run.checkReported(status, at: now)
            state.running[key] = active
            return outputs + handle(actions, of: key, at: now)
        }
        guard status != .healthy, state.running[key] == nil else { return outputs }

        guard memory.state.hard == .critical else {
            if status == .critical { outputs += skip(key, check: definition.name, at: now, reason: .softState) }
            return outputs
        }
        if memory.flapping.isFlapping {
            return outputs + skip(key, check: definition.name, at: now, reason: .flapping)
        }
        if let reason = automationHold ?? (plan.exclusive ? exclusiveHold : nil) {
            return outputs + skip(key, check: definition.name, at: now, reason: reason)
        }
        if let cover = heldBack[definition.name] {
            return outputs + skip(key, check: definition.name, at: now, reason: .maintenance(by: cover))
        }
        if case let .skip(reason) = state.coordinator.admit(plan: planName, target: target) {
            return outputs + skip(key, check: definition.name, at: now, reason: reason)
        }
        switch slot.budget.attemptRequested(at: now) {
        case let .skip(reason):
            state.plans[key] = slot
            state.coordinator.release(plan: planName, target: target)
            outputs += skip(key, check: definition.name, at: now, reason: reason)
            if reason == .budgetSpent {
                outputs.append(.journal(.remediationBudgetSpent(check: definition.name, plan: planName, target: target,
                                                                policy: plan.budget, mode: mode)))
            }
            return outputs
        case let .run(attempt, budgetLeft):
            slot.lastSkip = nil
            state.plans[key] = slot
            var run = RemediationRun(plan: planName, steps: plan.steps, verification: plan.verification, mode: mode)
            let actions = run.start(at: now)
            state.running[key] = ActiveRemediation(check: definition.name, slot: key, attempt: attempt, startedAt: now, run: run)
            outputs.append(.journal(.remediationTriggered(check: definition.name, plan: planName, target: target, attempt: attempt,
                                                          budgetLeft: budgetLeft, nextAllowedAt: slot.budget.nextAllowedAt,
                                                          mode: mode)))
            return outputs + handle(actions, of: key, at: now)
        }
    }

    /// The slot the check's plan acts in (its key, the plan, and a fresh slot for a first use).
    private func planSlot(of definition: CheckDefinition) -> (key: String, plan: RemediationPlan, fresh: PlanSlot)? {
        guard let name = definition.remediation, let plan = configuration.remediationPlans[name] else { return nil }
        let target = definition.remediationTarget
        let mode = plan.effectiveMode(daemonMode: configuration.daemon.mode)
        return (PlanSlot.key(plan: name, target: target, mode: mode), plan,
                PlanSlot(plan: name, target: target, mode: mode, budget: RemediationBudget(policy: plan.budget)))
    }

    /// A check with a plan is suppressed: its plan says once that it will not run, and why.
    private mutating func skipForDependency(_ check: String, _ suppression: Suppression, at now: Date) -> [EngineOutput] {
        guard let definition = definitions[check], let (key, _, fresh) = planSlot(of: definition) else { return [] }
        if state.plans[key] == nil { state.plans[key] = fresh }
        return skip(key, check: check, at: now, reason: .dependency(parent: suppression.dependency))
    }

    /// A skip is journaled when its reason differs from the last one said for the slot.
    private mutating func skip(_ key: String, check: String, at now: Date, reason: RemediationSkipReason) -> [EngineOutput] {
        guard var slot = state.plans[key], slot.lastSkip != reason.code else { return [] }
        slot.lastSkip = reason.code
        state.plans[key] = slot
        return [.journal(.remediationSkipped(check: check, plan: slot.plan, target: slot.target, reason: reason,
                                             budgetLeft: slot.budget.budgetLeft(at: now)))]
    }

    /// The executor's report on a step of the attempt running in `slot`.
    public mutating func stepFinished(slot key: String, index: Int, outcome: RemediationStepOutcome, at now: Date) -> [EngineOutput] {
        guard var active = state.running[key], case .runningStep(index, _) = active.run.phase else { return [] }
        let step = active.run.steps[index]
        let finished = JournalEvent.remediationStepFinished(
            check: active.check, plan: active.run.plan, attempt: active.attempt, index: index, step: step,
            succeeded: outcome.succeeded, exitStatus: outcome.exitStatus, duration: outcome.duration,
            outputTail: outcome.outputTail)
        let actions = active.run.stepFinished(index: index, succeeded: outcome.succeeded, at: now)
        state.running[key] = active
        return [.journal(finished)] + handle(actions, of: key, at: now)
    }

    /// Time moved on: graces end and verification deadlines pass even when no result arrives.
    public mutating func timePassed(at now: Date) -> [EngineOutput] {
        var outputs: [EngineOutput] = []
        for key in state.running.keys.sorted() {
            guard var active = state.running[key] else { continue }
            let actions = active.run.timePassed(at: now)
            state.running[key] = active
            outputs += handle(actions, of: key, at: now)
        }
        return outputs
    }

    /// The next time `timePassed` has something to do: the end of a grace or a verification deadline.
    public var nextDeadline: Date? {
        state.running.values.compactMap { active -> Date? in
            switch active.run.phase {
            case .grace(let until): until
            case .verifying(_, let deadline): deadline
            default: nil
            }
        }.min()
    }

    /// The operator's `vigil resume NAME`: every stopped slot of the plan gets its budget back.
    /// Says so when nothing of that plan was stopped.
    public mutating func resume(plan: String, at now: Date) -> [EngineOutput] {
        var outputs: [EngineOutput] = []
        for key in state.plans.keys.sorted() {
            guard var slot = state.plans[key], slot.plan == plan, slot.budget.resume(at: now) != nil else { continue }
            slot.lastSkip = nil
            state.plans[key] = slot
            outputs.append(.journal(.remediationResumed(plan: plan, target: slot.target, policy: slot.budget.policy)))
        }
        if outputs.isEmpty {
            outputs.append(.journal(JournalEvent(kind: nil, priority: .notice,
                                                 message: "resume of plan \(plan) asked for, but it is not stopped",
                                                 fields: [JournalEvent.Field("PLAN", plan), JournalEvent.Field("DECISION", "resume"),
                                                          JournalEvent.Field("REASON", "not stopped")])))
        }
        return outputs
    }

    /// Journals what a run asked for and ends the attempt once the run is over.
    private mutating func handle(_ actions: [RemediationRun.Action], of key: String, at now: Date) -> [EngineOutput] {
        guard let active = state.running[key] else { return [] }
        var outputs: [EngineOutput] = []
        var ending: Ending?
        for action in actions {
            switch action {
            case .startStep(let index):
                let step = active.run.steps[index]
                outputs.append(.journal(.remediationStepStarted(check: active.check, plan: active.run.plan, attempt: active.attempt,
                                                                index: index, step: step, mode: .enforce)))
                let exclusive = configuration.remediationPlans[active.run.plan]?.exclusive == true
                outputs.append(.executeStep(StepRequest(slot: key, check: active.check, plan: active.run.plan,
                                                        attempt: active.attempt, index: index, step: step,
                                                        actionKey: exclusive ? active.actionKey : nil)))
            case .wouldRunStep(let index):
                outputs.append(.journal(.remediationStepStarted(check: active.check, plan: active.run.plan, attempt: active.attempt,
                                                                index: index, step: active.run.steps[index], mode: .dryRun)))
            case .verified:
                ending = .verified
            case .verificationFailed(let reason):
                ending = .verificationFailed(reason: reason)
            case .escalate(let reason) where ending == nil:
                ending = .stepFailed(reason: reason)
            case .beginGrace:
                outputs += giveTargetAFreshChance(after: active)
            case .beginVerification, .stepFailed, .escalate:
                break
            }
        }
        if active.run.outcome == .wouldRun { ending = .wouldRun }
        if let ending { outputs += finish(key, ending, at: now) }
        return outputs
    }

    /// Every step of an attempt succeeded: an open breaker on the check's target goes half-open at
    /// once, so that verification sees the repaired target instead of `circuit open` answers.
    private mutating func giveTargetAFreshChance(after active: ActiveRemediation) -> [EngineOutput] {
        guard let target = definitions[active.check]?.breakerTarget, let breaker = state.breakers[target],
              case .open = breaker.state else { return [] }
        state.breakers[target] = CircuitBreaker(settings: breaker.settings, state: .halfOpen(successes: 0, callInFlight: false))
        return [.journal(.circuitBreakerTransition(target: target, from: .open, to: .halfOpen,
                                                   reason: "plan \(active.run.plan) acted on the target", check: active.check))]
    }

    /// How an attempt ended, as the decision trace tells it.
    private enum Ending: Equatable {
        case verified
        case stepFailed(reason: String)
        case verificationFailed(reason: String)
        /// Dry-run: it would have run; the budget counts it as not having helped.
        case wouldRun
    }

    /// Ends the attempt in `key`: the budget learns how it went, the target is released, and
    /// a failure is escalated (a spent budget on top of it stops the plan).
    private mutating func finish(_ key: String, _ ending: Ending, at now: Date) -> [EngineOutput] {
        guard let active = state.running.removeValue(forKey: key), var slot = state.plans[key] else { return [] }
        state.coordinator.release(plan: slot.plan, target: slot.target)
        let change = slot.budget.attemptFinished(succeeded: ending == .verified, at: now)
        state.plans[key] = slot
        let left = slot.budget.budgetLeft(at: now)
        let next = slot.budget.nextAllowedAt
        var outputs: [EngineOutput] = []
        switch ending {
        case .verified:
            outputs.append(.journal(.remediationVerified(check: active.check, plan: slot.plan, attempt: active.attempt, budgetLeft: left)))
        case .verificationFailed(let reason):
            outputs.append(.journal(.remediationVerificationFailed(check: active.check, plan: slot.plan, attempt: active.attempt,
                                                                   reason: reason, budgetLeft: left, nextAllowedAt: next)))
        case .stepFailed(let reason):
            outputs.append(.journal(.remediationAttemptFailed(check: active.check, plan: slot.plan, attempt: active.attempt,
                                                              reason: reason, budgetLeft: left, nextAllowedAt: next)))
        case .wouldRun:
            break
        }
        if change == .spent {
            outputs.append(.journal(.remediationBudgetSpent(check: active.check, plan: slot.plan, target: slot.target,
                                                            policy: slot.budget.policy, mode: slot.mode)))
        }
        return outputs
    }
}

extension StateChange {
    /// A confirmed status (or recovery), as opposed to a soft change.
    var isConfirmation: Bool { confirmedStatus != nil }

    /// The status this change confirmed, if it confirmed one.
    var confirmedStatus: Status? {
        switch self {
        case .softChange: nil
        case .confirmed(_, let to, _): to
        case .recovered: .healthy
        }
    }
}

extension JournalEvent {
    /// This entry with what the result that caused it measured: kind, severity, duration, the
    /// breached threshold and every metric, as `check-*` entries always carried them.
    func adding(resultFieldsOf result: CheckResult, severity: Severity) -> JournalEvent {
        var event = self
        let fromResult = JournalEvent.statusChanged(result, previous: nil, severity: severity).fields
        let present = Set(fields.map(\.name))
        event.fields += fromResult.filter { !present.contains($0.name) }
        return event
    }
}
