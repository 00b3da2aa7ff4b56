import Foundation
import Testing
import VigilCore

@Suite struct RemediationEventsTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
    let restart = RemediationStep.restartUnit("postgresql.service")

    @Test func triggeredCarriesAttemptBudgetAndNextAllowedAt() {
        let event = JournalEvent.remediationTriggered(check: "database", plan: "restart-database", target: "primary",
                                                      attempt: 2, budgetLeft: 1, nextAllowedAt: t0.addingTimeInterval(120),
                                                      mode: .enforce)
        #expect(event.kind == .remediationTriggered)
        #expect(event.priority == .notice)
        #expect(event.message == "database: plan restart-database runs on primary, attempt 2 (1 left in the budget)")
        #expect(event.value(of: "CHECK") == "database")
        #expect(event.value(of: "PLAN") == "restart-database")
        #expect(event.value(of: "TARGET") == "primary")
        #expect(event.value(of: "DECISION") == "run")
        #expect(event.value(of: "REASON") == "database is confirmed CRITICAL")
        #expect(event.value(of: "ATTEMPT") == "2")
        #expect(event.value(of: "BUDGET_LEFT") == "1")
        #expect(event.value(of: "NEXT_ALLOWED_AT") == "2027-01-15T08:02:00Z")
    }

    @Test func dryRunDecisionsAreWouldRun() {
        let triggered = JournalEvent.remediationTriggered(check: "database", plan: "p", target: "primary", attempt: 1,
                                                          budgetLeft: 2, nextAllowedAt: nil, mode: .dryRun)
        #expect(triggered.kind == .remediationTriggered)
        #expect(triggered.value(of: "DECISION") == "would-run")
        #expect(triggered.value(of: "NEXT_ALLOWED_AT") == nil)
        #expect(triggered.message.contains("would run"))
        let step = JournalEvent.remediationStepStarted(check: "database", plan: "p", attempt: 1, index: 0, step: restart, mode: .dryRun)
        #expect(step.value(of: "DECISION") == "would-run")
        #expect(step.message == "database: plan p would start step 1: restart_unit postgresql.service")
    }

    @Test(arguments: [
        (RemediationSkipReason.softState, "soft-state", "state not confirmed yet"),
        (.flapping, "flapping", "check is flapping"),
        (.dependency(parent: "database"), "dependency", "dependency database is CRITICAL"),
        (.backoff(nextAllowedAt: Date(timeIntervalSince1970: 1_800_000_060)), "backoff", "backoff until 2027-01-15T08:01:00Z"),
        (.budgetSpent, "budget-spent", "budget spent"),
        (.stopped, "stopped", "stopped after its budget was spent; waiting for resume or a healthy target"),
        (.anotherPlanRunning(plan: "vacuum"), "another-plan-running", "plan vacuum is already running on this target"),
        (.concurrencyLimit(limit: 1), "concurrency-limit", "max_concurrent_remediations (1) reached"),
    ])
    func skippedSaysWhy(reason: RemediationSkipReason, code: String, text: String) {
        let event = JournalEvent.remediationSkipped(check: "api", plan: "restart-api", target: "api", reason: reason, budgetLeft: 2)
        #expect(event.value(of: "DECISION") == "skip")
        #expect(event.value(of: "SKIP_REASON") == code)
        #expect(event.value(of: "REASON") == text)
        #expect(event.value(of: "BUDGET_LEFT") == "2")
        #expect(event.message == "api: plan restart-api skipped: \(text)")
        #expect((event.value(of: "NEXT_ALLOWED_AT") != nil) == (code == "backoff"))
    }

    @Test func stepStartedNamesTheStep() {
        let event = JournalEvent.remediationStepStarted(check: "database", plan: "p", attempt: 1, index: 1, step: restart, mode: .enforce)
        #expect(event.value(of: "STEP") == "2")
        #expect(event.value(of: "STEP_KIND") == "restart_unit")
        #expect(event.value(of: "STEP_SUMMARY") == "restart_unit postgresql.service")
        #expect(event.value(of: "DECISION") == "run")
        #expect(event.value(of: "ATTEMPT") == "1")
    }

    @Test func stepFinishedKeepsExitDurationAndTheTailOfTheOutput() {
        let output = String(repeating: "x", count: 3000) + "ERROR: disk full"
        let failed = JournalEvent.remediationStepFinished(check: "database", plan: "p", attempt: 1, index: 0,
                                                          step: .exec(["/usr/local/bin/clear-cache"]), succeeded: false,
                                                          exitStatus: "1", duration: .milliseconds(1500), outputTail: output)
        #expect(failed.priority == .error)
        #expect(failed.value(of: "DECISION") == "step-failed")
        #expect(failed.value(of: "EXIT_STATUS") == "1")
        #expect(failed.value(of: "DURATION_MS") == "1500")
        #expect(failed.value(of: "OUTPUT")?.count == JournalEvent.stepOutputTailLimit)
        #expect(failed.value(of: "OUTPUT")?.hasSuffix("ERROR: disk full") == true)
        #expect(failed.message == "database: plan p step 1 failed (exit status 1) after 1500ms: exec /usr/local/bin/clear-cache")
        let succeeded = JournalEvent.remediationStepFinished(check: "database", plan: "p", attempt: 1, index: 0, step: restart,
                                                             succeeded: true, exitStatus: "done", duration: .seconds(3), outputTail: "")
        #expect(succeeded.priority == .info)
        #expect(succeeded.value(of: "DECISION") == "step-succeeded")
    }

    @Test func verifiedAndFailedVerification() {
        let verified = JournalEvent.remediationVerified(check: "database", plan: "p", attempt: 1, budgetLeft: 2)
        #expect(verified.priority == .notice)
        #expect(verified.value(of: "DECISION") == "verified")
        let failed = JournalEvent.remediationVerificationFailed(check: "database", plan: "p", attempt: 3,
                                                                reason: "1 of 2 HEALTHY results within 5m after the grace",
                                                                budgetLeft: 0, nextAllowedAt: t0)
        #expect(failed.priority == .alert)
        #expect(failed.value(of: "DECISION") == "escalate")
        #expect(failed.value(of: "REASON") == "verification failed: 1 of 2 HEALTHY results within 5m after the grace")
        #expect(failed.value(of: "ATTEMPT") == "3")
        #expect(failed.value(of: "BUDGET_LEFT") == "0")
        #expect(failed.value(of: "NEXT_ALLOWED_AT") == "2027-01-15T08:00:00Z")
        let stepFailed = JournalEvent.remediationAttemptFailed(check: "database", plan: "p", attempt: 1,
                                                               reason: "step 1 of 1 (exec /bin/false) failed",
                                                               budgetLeft: 2, nextAllowedAt: nil)
        #expect(stepFailed.priority == .alert)
        #expect(stepFailed.value(of: "REASON") == "step 1 of 1 (exec /bin/false) failed")
    }

    @Test func budgetSpentIsAnAlertThatSaysHowToResume() {
        let event = JournalEvent.remediationBudgetSpent(check: "database", plan: "restart-database", target: "primary",
                                                        policy: RemediationBudget.Policy())
        #expect(event.priority == .alert)
        #expect(event.value(of: "DECISION") == "stop")
        #expect(event.value(of: "BUDGET_LEFT") == "0")
        #expect(event.message == "database: plan restart-database stopped acting on primary: 3 attempts within 30m did not keep "
            + "database healthy; stopped until `vigil resume restart-database` or 10m of health")
    }

    @Test func refillAndResume() {
        let refilled = JournalEvent.remediationBudgetRefilled(check: "database", plan: "p", target: "primary", healthySince: t0,
                                                              policy: RemediationBudget.Policy())
        #expect(refilled.value(of: "DECISION") == "refill")
        #expect(refilled.value(of: "REASON") == "primary HEALTHY since 2027-01-15T08:00:00Z (healthy_for 10m)")
        #expect(refilled.value(of: "BUDGET_LEFT") == "3")
        let resumed = JournalEvent.remediationResumed(plan: "p", target: "primary", policy: RemediationBudget.Policy())
        #expect(resumed.value(of: "DECISION") == "resume")
        #expect(resumed.value(of: "PLAN") == "p")
    }

    @Test(arguments: [
        (CircuitBreaker.Position.closed, CircuitBreaker.Position.open, JournalPriority.warning),
        (.open, .halfOpen, .notice),
        (.halfOpen, .open, .warning),
        (.halfOpen, .closed, .notice),
    ])
    func breakerTransitions(from: CircuitBreaker.Position, to: CircuitBreaker.Position, priority: JournalPriority) {
        let event = JournalEvent.circuitBreakerTransition(target: "primary", from: from, to: to, reason: "r", check: "database")
        #expect(event.priority == priority)
        #expect(event.value(of: "CHECK") == "database")
        #expect(event.value(of: "TARGET") == "primary")
        #expect(event.value(of: "FROM_STATE") == from.rawValue)
        #expect(event.value(of: "TO_STATE") == to.rawValue)
        #expect(event.message == "circuit breaker for primary \(from.rawValue) -> \(to.rawValue): r")
    }

    /// One MESSAGE_ID per kind of decision, so `journalctl MESSAGE_ID=…` finds, say, every spent budget.
    @Test(arguments: {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let step = RemediationStep.restartUnit("postgresql.service")
        let policy = RemediationBudget.Policy()
        return [
            (JournalEvent.remediationTriggered(check: "c", plan: "p", target: "t", attempt: 1, budgetLeft: 2,
                                               nextAllowedAt: nil, mode: .enforce),
             EventKind.remediationTriggered, JournalPriority.notice),
            (.remediationSkipped(check: "c", plan: "p", target: "t", reason: .flapping), .remediationSkipped, .info),
            (.remediationStepStarted(check: "c", plan: "p", attempt: 1, index: 0, step: step, mode: .enforce),
             .remediationStepStarted, .info),
            (.remediationStepFinished(check: "c", plan: "p", attempt: 1, index: 0, step: step, succeeded: true,
                                      exitStatus: "done", duration: .seconds(1), outputTail: ""),
             .remediationStepFinished, .info),
            (.remediationStepFinished(check: "c", plan: "p", attempt: 1, index: 0, step: step, succeeded: false,
                                      exitStatus: "failed", duration: .seconds(1), outputTail: ""),
             .remediationStepFinished, .error),
            (.remediationVerified(check: "c", plan: "p", attempt: 1, budgetLeft: 2), .remediationVerified, .notice),
            (.remediationVerificationFailed(check: "c", plan: "p", attempt: 1, reason: "r", budgetLeft: 2, nextAllowedAt: t0),
             .remediationVerificationFailed, .alert),
            (.remediationAttemptFailed(check: "c", plan: "p", attempt: 1, reason: "r", budgetLeft: 2, nextAllowedAt: t0),
             .remediationAttemptFailed, .alert),
            (.remediationBudgetSpent(check: "c", plan: "p", target: "t", policy: policy), .remediationBudgetSpent, .alert),
            (.remediationBudgetRefilled(check: "c", plan: "p", target: "t", healthySince: t0, policy: policy),
             .remediationBudgetRefilled, .notice),
            (.remediationResumed(plan: "p", target: "t", policy: policy), .remediationResumed, .notice),
            (.circuitBreakerTransition(target: "t", from: .closed, to: .open, reason: "r"), .circuitBreakerChanged, .warning),
            (.circuitBreakerTransition(target: "t", from: .halfOpen, to: .closed, reason: "r"), .circuitBreakerChanged, .notice),
        ]
    }())
    func everyDecisionHasItsOwnKindAndPriority(event: JournalEvent, kind: EventKind, priority: JournalPriority) {
        #expect(event.kind == kind)
        #expect(event.priority == priority)
    }

    @Test func wallClockTextIsUTCToTheSecond() {
        #expect(WallClock.text(t0) == "2027-01-15T08:00:00Z")
        #expect(WallClock.date(t0, plus: .milliseconds(1500)) == t0.addingTimeInterval(1.5))
    }
}
