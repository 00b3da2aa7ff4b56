import FoundationEssentials

/// The decision trace: one journal entry per remediation decision, so that
/// `journalctl -o verbose PLAN=NAME` tells the whole story of a plan.
///
/// Every entry carries `CHECK`, `PLAN` and `TARGET` where known, `DECISION` (`run`, `would-run`,
/// `skip`, `step-succeeded`, `step-failed`, `verified`, `escalate`, `stop`, `refill`, `resume`,
/// `breaker`) and `REASON`; attempts add `ATTEMPT`, `BUDGET_LEFT` and `NEXT_ALLOWED_AT`, steps add
/// `STEP` (1-based), `STEP_KIND` and `STEP_SUMMARY`. Each builder has its own catalogued kind, so
/// `journalctl MESSAGE_ID=…` picks out one kind of decision across every plan.
extension JournalEvent {
    /// The most of a step's output an entry keeps: its end, where the error usually is.
    public static let stepOutputTailLimit = 2048

    /// A confirmed CRITICAL check starts an attempt of its plan (or would, in dry-run).
    public static func remediationTriggered(check: String, plan: String, target: String, attempt: Int, budgetLeft: Int,
                                            nextAllowedAt: Date?, mode: RemediationRun.Mode) -> JournalEvent {
        let decision = decisionName(mode)
        let verb = mode == .dryRun ? "would run" : "runs"
        var fields = subject(check: check, plan: plan, target: target) + [
            Field("DECISION", decision), Field("REASON", "\(check) is confirmed CRITICAL"),
            Field("ATTEMPT", String(attempt)), Field("BUDGET_LEFT", String(budgetLeft)),
        ]
        if let nextAllowedAt { fields.append(Field("NEXT_ALLOWED_AT", WallClock.text(nextAllowedAt))) }
        return JournalEvent(kind: .remediationTriggered, priority: .notice,
                            message: "\(check): plan \(plan) \(verb) on \(target), attempt \(attempt) (\(budgetLeft) left in the budget)",
                            fields: fields)
    }

    /// A remediation that was asked for and did not run, and why.
    public static func remediationSkipped(check: String, plan: String, target: String, reason: RemediationSkipReason,
                                          budgetLeft: Int? = nil) -> JournalEvent {
        var fields = subject(check: check, plan: plan, target: target) + [
            Field("DECISION", "skip"), Field("REASON", reason.text), Field("SKIP_REASON", reason.code),
        ]
        if let budgetLeft { fields.append(Field("BUDGET_LEFT", String(budgetLeft))) }
        if case let .backoff(next) = reason { fields.append(Field("NEXT_ALLOWED_AT", WallClock.text(next))) }
        return JournalEvent(kind: .remediationSkipped, priority: .info,
                            message: "\(check): plan \(plan) skipped: \(reason.text)", fields: fields)
    }

    /// A step is being executed (or would be, in dry-run). `index` is 0-based; `STEP` is 1-based.
    public static func remediationStepStarted(check: String, plan: String, attempt: Int, index: Int, step: RemediationStep,
                                              mode: RemediationRun.Mode) -> JournalEvent {
        let verb = mode == .dryRun ? "would start" : "started"
        let fields = subject(check: check, plan: plan) + [Field("DECISION", decisionName(mode)),
                                                           Field("ATTEMPT", String(attempt))] + stepFields(index, step)
        return JournalEvent(kind: .remediationStepStarted, priority: .info,
                            message: "\(check): plan \(plan) \(verb) step \(index + 1): \(step.summary)", fields: fields)
    }

    /// A step ended. `exitStatus` is how the executor says it ended (`0`, `1`, `killed at its
    /// deadline`, a unit job's result); `outputTail` keeps its last `stepOutputTailLimit` characters.
    public static func remediationStepFinished(check: String, plan: String, attempt: Int, index: Int, step: RemediationStep,
                                               succeeded: Bool, exitStatus: String, duration: Duration,
                                               outputTail: String) -> JournalEvent {
        let outcome = succeeded ? "succeeded" : "failed"
        let fields = subject(check: check, plan: plan) + [
            Field("DECISION", succeeded ? "step-succeeded" : "step-failed"), Field("ATTEMPT", String(attempt)),
            Field("REASON", "step \(outcome) (exit status \(exitStatus))"),
        ] + stepFields(index, step) + [
            Field("EXIT_STATUS", exitStatus), Field("DURATION_MS", String(DurationText.milliseconds(duration))),
            Field("OUTPUT", String(outputTail.suffix(stepOutputTailLimit))),
        ]
        return JournalEvent(kind: .remediationStepFinished, priority: succeeded ? .info : .error,
                            message: "\(check): plan \(plan) step \(index + 1) \(outcome) (exit status \(exitStatus)) after "
                                + DurationText.format(duration) + ": \(step.summary)",
                            fields: fields)
    }

    /// The check recovered after the plan ran: the attempt succeeded.
    public static func remediationVerified(check: String, plan: String, attempt: Int, budgetLeft: Int) -> JournalEvent {
        JournalEvent(kind: .remediationVerified, priority: .notice,
                     message: "\(check): plan \(plan) verified, \(check) is HEALTHY again (attempt \(attempt))",
                     fields: subject(check: check, plan: plan) + [
                         Field("DECISION", "verified"), Field("REASON", "\(check) is HEALTHY again"),
                         Field("ATTEMPT", String(attempt)), Field("BUDGET_LEFT", String(budgetLeft)),
                     ])
    }

    /// The steps ran but the check did not recover in time: the attempt failed and is escalated.
    public static func remediationVerificationFailed(check: String, plan: String, attempt: Int, reason: String,
                                                     budgetLeft: Int, nextAllowedAt: Date?) -> JournalEvent {
        escalation(kind: .remediationVerificationFailed, check: check, plan: plan, attempt: attempt,
                   reason: "verification failed: \(reason)", budgetLeft: budgetLeft, nextAllowedAt: nextAllowedAt)
    }

    /// A step failed, so the attempt failed and is escalated.
    public static func remediationAttemptFailed(check: String, plan: String, attempt: Int, reason: String,
                                                budgetLeft: Int, nextAllowedAt: Date?) -> JournalEvent {
        escalation(kind: .remediationAttemptFailed, check: check, plan: plan, attempt: attempt, reason: reason,
                   budgetLeft: budgetLeft, nextAllowedAt: nextAllowedAt)
    }

    /// The budget is spent: Vigil stops acting on the target until resumed or the target is healthy.
    /// In dry-run the plan never acted, so its stop is news (`would-stop`, notice), not an alert.
    public static func remediationBudgetSpent(check: String, plan: String, target: String,
                                              policy: RemediationBudget.Policy, mode: RemediationRun.Mode = .enforce) -> JournalEvent {
        let reason = "\(policy.maxAttempts) attempts within \(DurationText.format(policy.window)) did not keep \(check) healthy"
        let until = "until `vigil resume \(plan)` or \(DurationText.format(policy.healthyFor)) of health"
        let dryRun = mode == .dryRun
        return JournalEvent(kind: .remediationBudgetSpent, priority: dryRun ? .notice : .alert,
                            message: "\(check): plan \(plan) \(dryRun ? "would stop (dry-run)" : "stopped") acting on \(target): "
                                + "\(reason); stopped \(until)",
                            fields: subject(check: check, plan: plan, target: target) + [
                                Field("DECISION", dryRun ? "would-stop" : "stop"), Field("REASON", reason), Field("BUDGET_LEFT", "0"),
                            ])
    }

    /// The target stayed healthy long enough: attempts and backoff are forgotten.
    public static func remediationBudgetRefilled(check: String, plan: String, target: String, healthySince: Date,
                                                 policy: RemediationBudget.Policy) -> JournalEvent {
        let reason = "\(target) HEALTHY since \(WallClock.text(healthySince)) (healthy_for \(DurationText.format(policy.healthyFor)))"
        return JournalEvent(kind: .remediationBudgetRefilled, priority: .notice,
                            message: "\(check): plan \(plan) budget refilled: \(reason)",
                            fields: subject(check: check, plan: plan, target: target) + [
                                Field("DECISION", "refill"), Field("REASON", reason),
                                Field("BUDGET_LEFT", String(policy.maxAttempts)),
                            ])
    }

    /// An operator re-armed a stopped plan.
    public static func remediationResumed(plan: String, target: String, policy: RemediationBudget.Policy) -> JournalEvent {
        JournalEvent(kind: .remediationResumed, priority: .notice,
                     message: "plan \(plan) resumed on \(target) by an operator",
                     fields: [Field("PLAN", plan), Field("TARGET", target), Field("DECISION", "resume"),
                              Field("REASON", "resumed by an operator"), Field("BUDGET_LEFT", String(policy.maxAttempts))])
    }

    /// A circuit breaker moved. Opening is a warning (the target is being left alone); the rest is notice.
    public static func circuitBreakerTransition(target: String, from: CircuitBreaker.Position, to: CircuitBreaker.Position,
                                                reason: String, check: String? = nil) -> JournalEvent {
        var fields = [Field("TARGET", target)]
        if let check { fields.insert(Field("CHECK", check), at: 0) }
        fields += [Field("DECISION", "breaker"), Field("FROM_STATE", from.rawValue), Field("TO_STATE", to.rawValue),
                   Field("REASON", reason)]
        return JournalEvent(kind: .circuitBreakerChanged, priority: to == .open ? .warning : .notice,
                            message: "circuit breaker for \(target) \(from.rawValue) -> \(to.rawValue): \(reason)",
                            fields: fields)
    }

    private static func escalation(kind: EventKind, check: String, plan: String, attempt: Int, reason: String,
                                   budgetLeft: Int, nextAllowedAt: Date?) -> JournalEvent {
        var fields = subject(check: check, plan: plan) + [
            Field("DECISION", "escalate"), Field("REASON", reason),
            Field("ATTEMPT", String(attempt)), Field("BUDGET_LEFT", String(budgetLeft)),
        ]
        if let nextAllowedAt { fields.append(Field("NEXT_ALLOWED_AT", WallClock.text(nextAllowedAt))) }
        return JournalEvent(kind: kind, priority: .alert,
                            message: "\(check): plan \(plan) attempt \(attempt) failed: \(reason)", fields: fields)
    }

    private static func subject(check: String, plan: String, target: String? = nil) -> [Field] {
        [Field("CHECK", check), Field("PLAN", plan)] + (target.map { [Field("TARGET", $0)] } ?? [])
    }

    private static func stepFields(_ index: Int, _ step: RemediationStep) -> [Field] {
        [Field("STEP", String(index + 1)), Field("STEP_KIND", step.kind.rawValue), Field("STEP_SUMMARY", step.summary)]
    }

    private static func decisionName(_ mode: RemediationRun.Mode) -> String {
        mode == .dryRun ? "would-run" : "run"
    }
}
