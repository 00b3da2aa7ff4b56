import Foundation
import Testing
import VigilCore

/// The rules composed: each case drives the engine with a manual clock and reads back the
/// decision trace (`DECISION` and the event kinds) and what it asked to execute.
@Suite struct DecisionEngineTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ second: Double) -> Date { t0.addingTimeInterval(second) }

    static let restartStep = RemediationStep.restartUnit("db.service")
    static func plan(_ name: String = "restart-db", mode: RemediationRun.Mode? = nil,
                     budget: RemediationBudget.Policy = .init(maxAttempts: 2, window: .seconds(3600), backoff: .seconds(60),
                                                              backoffMax: .seconds(600), healthyFor: .seconds(600)),
                     verification: RemediationRun.Verification = .init(grace: .seconds(10), verifySuccesses: 2,
                                                                      verifyTimeout: .seconds(100))) -> RemediationPlan {
        RemediationPlan(name: name, steps: [restartStep], budget: budget, verification: verification, mode: mode)
    }

    static func check(_ name: String, database: String? = nil, failAfter: Int = 3, recoverAfter: Int = 2,
                      dependsOn: [String] = [], remediation: String? = nil) -> CheckDefinition {
        let kind: CheckKind = database.map { .postgres(PostgresCheckSettings(database: $0)) } ?? .memory
        return CheckDefinition(name: name, kind: kind, confirmation: ConfirmationPolicy(failure: .consecutive(failAfter: failAfter),
                                                                                         recoverAfter: recoverAfter),
                               dependsOn: dependsOn, remediation: remediation)
    }

    static func configuration(_ checks: [CheckDefinition], plans: [RemediationPlan] = [plan()],
                              mode: RemediationRun.Mode = .enforce, maxConcurrent: Int = 1,
                              breaker: CircuitBreaker.Settings = .init()) -> VigilConfiguration {
        VigilConfiguration(daemon: DaemonSettings(mode: mode, maxConcurrentRemediations: maxConcurrent), checks: checks,
                           remediationPlans: Dictionary(uniqueKeysWithValues: plans.map { ($0.name, $0) }), breaker: breaker)
    }

    /// A result of `check` with `status`, fed at `second`.
    static func feed(_ engine: inout DecisionEngine, _ check: String, _ status: Status, at second: Double,
                     message: String = "probe said so") -> [EngineOutput] {
        let result = CheckResult(name: check, kind: "postgres", status: status, message: message, durationMs: 1,
                                 timestamp: at(second))
        return engine.resultArrived(result, at: at(second))
    }

    static func decisions(_ outputs: [EngineOutput]) -> [String] {
        outputs.compactMap { $0.event?.value(of: "DECISION") }
    }

    static func kinds(_ outputs: [EngineOutput]) -> [EventKind] {
        outputs.compactMap { $0.event?.kind }
    }

    static func confirmed(_ outputs: [EngineOutput]) -> [ConfirmedChange] {
        outputs.compactMap(\.confirmedChange)
    }

    static func steps(_ outputs: [EngineOutput]) -> [StepRequest] {
        outputs.compactMap { if case let .executeStep(request) = $0 { request } else { nil } }
    }

    static let succeeded = RemediationStepOutcome(succeeded: true, exitStatus: "done", duration: .seconds(2))
    static let failed = RemediationStepOutcome(succeeded: false, exitStatus: "failed", duration: .seconds(2), outputTail: "boom")

    @Test func aPlanRunsOnlyOnceCRITICALIsConfirmedThenVerifies() {
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("db", database: "main", remediation: "restart-db")]))
        var out = Self.feed(&engine, "db", .critical, at: 0)
        #expect(Self.kinds(out) == [.checkSoftChange, .remediationSkipped])
        #expect(out.compactMap { $0.event?.value(of: "SKIP_REASON") } == ["soft-state"])
        out = Self.feed(&engine, "db", .critical, at: 10)
        #expect(out.isEmpty, "the same skip is said once")
        out = Self.feed(&engine, "db", .critical, at: 20)
        #expect(Self.kinds(out) == [.checkCritical, .remediationTriggered, .remediationStepStarted])
        #expect(out[1] == .confirmed(ConfirmedChange(check: "db", status: .critical, previous: .unknown, severity: .p1,
                                                     reason: "probe said so")),
                "the confirmed change follows its journal entry, for the incident desk")
        #expect(out.first?.event?.value(of: "STATE_TYPE") == "HARD")
        #expect(out.first?.event?.value(of: "CHECK_KIND") == "postgres", "the result's fields ride along")
        let requests = Self.steps(out)
        #expect(requests.count == 1)
        #expect(requests.first?.step == Self.restartStep)
        let trigger = out.compactMap(\.event)[1]
        #expect(trigger.value(of: "ATTEMPT") == "1")
        #expect(trigger.value(of: "BUDGET_LEFT") == "1")
        #expect(trigger.value(of: "NEXT_ALLOWED_AT") == WallClock.text(Self.at(80)))

        out = engine.stepFinished(slot: requests[0].slot, index: 0, outcome: Self.succeeded, at: Self.at(25))
        #expect(Self.decisions(out) == ["step-succeeded"])
        #expect(engine.nextDeadline == Self.at(35), "grace of 10 s after the last step")
        // In the grace a HEALTHY result does not count toward verification.
        out = Self.feed(&engine, "db", .healthy, at: 30)
        #expect(Self.kinds(out) == [.checkSoftChange])
        out = Self.feed(&engine, "db", .healthy, at: 40)
        #expect(Self.kinds(out) == [.checkRecovered])
        out = Self.feed(&engine, "db", .healthy, at: 50)
        #expect(Self.kinds(out) == [.remediationVerified])
        #expect(engine.state.running.isEmpty)
        #expect(engine.state.coordinator.running.isEmpty)
    }

    @Test func aConfirmedEntryCarriesWhatTheResultMeasured() throws {
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("database", database: "primary", failAfter: 1)]))
        let breach = ThresholdBreach(status: .critical, metric: "latency_ms", value: 1250, threshold: 1000, direction: .higherIsWorse)
        let result = CheckResult(name: "database", kind: "postgres", status: .critical, message: "latency_ms 1250 > critical 1000",
                                 durationMs: 4, metrics: ["latency_ms": 1250], timestamp: Self.at(0), breach: breach)
        let event = try #require(engine.resultArrived(result, at: Self.at(0)).first?.event)
        #expect(event.kind == .checkCritical)
        #expect(event.kind?.messageID == "90ec9d9535574aae96f1e1d77a3213f8")
        #expect(event.priority == .critical)
        #expect(event.value(of: "STATE_TYPE") == "HARD")
        #expect(event.value(of: "PREVIOUS_STATUS") == "UNKNOWN")
        #expect(event.value(of: "REASON") == "latency_ms 1250 > critical 1000")
        #expect(event.value(of: "SEVERITY") == "P1")
        #expect(event.value(of: "DURATION_MS") == "4")
        #expect(event.value(of: "METRIC") == "latency_ms")
        #expect(event.value(of: "VALUE") == "1250")
        #expect(event.value(of: "THRESHOLD") == "1000")
        #expect(event.value(of: "METRIC_LATENCY_MS") == "1250")
    }

    @Test func failedAttemptsBackOffThenSpendTheBudgetAndStop() throws {
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("db", database: "main", failAfter: 1, remediation: "restart-db")]))
        var out = Self.feed(&engine, "db", .critical, at: 0)
        let first = try #require(Self.steps(out).first)
        out = engine.stepFinished(slot: first.slot, index: 0, outcome: Self.failed, at: Self.at(5))
        #expect(Self.decisions(out) == ["step-failed", "escalate"])
        #expect(Self.kinds(out).last == .remediationAttemptFailed)
        #expect(out.last?.event?.priority == .alert)
        #expect(out.first?.event?.value(of: "OUTPUT") == "boom")
        // The backoff (60 s) runs from the end of the attempt: skipped at 64 s, tried at 65 s.
        out = Self.feed(&engine, "db", .critical, at: 64)
        #expect(out.compactMap { $0.event?.value(of: "SKIP_REASON") } == ["backoff"])
        #expect(Self.feed(&engine, "db", .critical, at: 64.5).isEmpty)
        out = Self.feed(&engine, "db", .critical, at: 65)
        let second = try #require(Self.steps(out).first)
        #expect(second.attempt == 2)
        // The last attempt of the budget fails verification: escalated, then the plan stops.
        out = engine.stepFinished(slot: second.slot, index: 0, outcome: Self.succeeded, at: Self.at(66))
        out = engine.timePassed(at: Self.at(66 + 10 + 100))
        #expect(Self.kinds(out) == [.remediationVerificationFailed, .remediationBudgetSpent])
        #expect(out.last?.event?.priority == .alert)
        out = Self.feed(&engine, "db", .critical, at: 2000)
        #expect(out.compactMap { $0.event?.value(of: "SKIP_REASON") } == ["stopped"])
        #expect(Self.feed(&engine, "db", .critical, at: 2010).isEmpty)
        #expect(engine.state.plans.values.first?.budget.isStopped == true)

        // `vigil resume` re-arms it; the next confirmed CRITICAL result runs again.
        out = engine.resume(plan: "restart-db", at: Self.at(2020))
        #expect(Self.kinds(out) == [.remediationResumed])
        out = Self.feed(&engine, "db", .critical, at: 2030)
        #expect(Self.steps(out).first?.attempt == 1)
    }

    @Test func healthForHealthyForRefillsTheBudgetButAReloadDoesNot() throws {
        let configuration = Self.configuration([Self.check("db", database: "main", failAfter: 1, recoverAfter: 1, remediation: "restart-db")])
        var engine = DecisionEngine(configuration: configuration)
        let request = try #require(Self.steps(Self.feed(&engine, "db", .critical, at: 0)).first)
        _ = engine.stepFinished(slot: request.slot, index: 0, outcome: Self.failed, at: Self.at(1))
        engine.configure(configuration)
        #expect(engine.state.plans[request.slot]?.budget.budgetLeft(at: Self.at(2)) == 1, "a reload keeps the budget")
        _ = Self.feed(&engine, "db", .healthy, at: 100)
        #expect(Self.kinds(Self.feed(&engine, "db", .healthy, at: 699)).isEmpty)
        let out = Self.feed(&engine, "db", .healthy, at: 700)
        #expect(Self.kinds(out) == [.remediationBudgetRefilled])
        #expect(engine.state.plans[request.slot]?.budget.budgetLeft(at: Self.at(701)) == 2)
    }

    @Test func aFlappingCheckRunsNothing() {
        let flappy = CheckDefinition(name: "api", kind: .memory, confirmation: ConfirmationPolicy(failure: .consecutive(failAfter: 1), recoverAfter: 1),
                                     remediation: "restart-db")
        var engine = DecisionEngine(configuration: Self.configuration([flappy]))
        var all: [EngineOutput] = []
        var second = 0.0
        // Alternate until flapping starts; every CRITICAL is confirmed at once (fail_after 1).
        for status in [Status.healthy, .critical, .healthy, .critical, .healthy, .critical, .healthy, .critical,
                       .healthy, .critical, .healthy, .critical, .healthy, .critical, .healthy, .critical] {
            let out = Self.feed(&engine, "api", status, at: second)
            all += out
            for request in Self.steps(out) {
                all += engine.stepFinished(slot: request.slot, index: 0, outcome: Self.failed, at: Self.at(second))
            }
            second += 1000
        }
        let started = Self.kinds(all).firstIndex(of: .checkFlappingStarted)
        #expect(started != nil)
        let afterFlapping = all[(all.firstIndex { $0.event?.kind == .checkFlappingStarted } ?? 0)...]
        #expect(afterFlapping.contains { $0.event?.value(of: "SKIP_REASON") == "flapping" })
        #expect(Self.steps(Array(afterFlapping)).isEmpty, "nothing runs while flapping")
    }

    @Test func aCRITICALDependencySuppressesItsDependentsUntilItRecovers() {
        let checks = [Self.check("database", database: "main", failAfter: 1, recoverAfter: 1),
                      Self.check("api", failAfter: 1, dependsOn: ["database"], remediation: "restart-db")]
        var engine = DecisionEngine(configuration: Self.configuration(checks))
        var out = Self.feed(&engine, "database", .critical, at: 0)
        #expect(Self.kinds(out) == [.checkCritical, .checkDependencySuppressed, .remediationSkipped])
        let events = out.compactMap(\.event)
        #expect(events[1].value(of: "REASON") == "dependency database is CRITICAL")
        #expect(events[2].value(of: "SKIP_REASON") == "dependency", "the dependent's plan says why it will not run")
        #expect(events[2].value(of: "PLAN") == "restart-db")
        let call = engine.callRequested("api", at: Self.at(1))
        guard case let .answered(result) = call.verdict else {
            Issue.record("a suppressed check is answered without its probe")
            return
        }
        #expect(result.status == .unknown)
        #expect(result.message == "dependency database is CRITICAL")
        #expect(Self.feed(&engine, "api", .critical, at: 2).isEmpty, "a suppressed check's results open nothing")
        out = Self.feed(&engine, "database", .healthy, at: 3)
        #expect(Self.kinds(out) == [.checkRecovered, .checkDependencyCleared])
        #expect(engine.callRequested("api", at: Self.at(4)).verdict == .callTarget)
    }

    @Test func theBreakerOpensRejectsTriesHalfOpenAndCloses() throws {
        let settings = CircuitBreaker.Settings(failureThreshold: 2, resetTimeout: .seconds(60), successThreshold: 2)
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("db", database: "main", failAfter: 5)], breaker: settings))
        #expect(engine.callRequested("db", at: Self.at(0)).verdict == .callTarget)
        _ = Self.feed(&engine, "db", .critical, at: 0, message: "connection refused")
        _ = engine.callRequested("db", at: Self.at(10))
        let opened = Self.feed(&engine, "db", .critical, at: 10, message: "connection refused")
        #expect(opened.first?.event?.value(of: "TO_STATE") == "OPEN")
        #expect(opened.first?.event?.value(of: "TARGET") == "database:main")

        let rejected = engine.callRequested("db", at: Self.at(20))
        guard case let .answered(result) = rejected.verdict else {
            Issue.record("an open circuit answers for the target")
            return
        }
        #expect(result.status == .critical)
        #expect(result.message == "circuit open since \(WallClock.text(Self.at(10))), last error: connection refused")

        // After the reset timeout one trial goes through; its failure opens the circuit again.
        var call = engine.callRequested("db", at: Self.at(70))
        #expect(call.verdict == .callTarget)
        #expect(call.outputs.first?.event?.value(of: "TO_STATE") == "HALF_OPEN")
        #expect(Self.feed(&engine, "db", .critical, at: 71).first?.event?.value(of: "TO_STATE") == "OPEN")
        // Two successful trials close it.
        call = engine.callRequested("db", at: Self.at(140))
        #expect(call.verdict == .callTarget)
        #expect(!Self.kinds(Self.feed(&engine, "db", .healthy, at: 141)).contains(.circuitBreakerChanged), "one success of two closes nothing")
        #expect(engine.callRequested("db", at: Self.at(150)).verdict == .callTarget)
        let closed = Self.feed(&engine, "db", .healthy, at: 151)
        #expect(closed.first?.event?.value(of: "TO_STATE") == "CLOSED")
    }

    @Test func aRemediatedTargetsOpenBreakerGoesHalfOpenForVerification() throws {
        let settings = CircuitBreaker.Settings(failureThreshold: 1, resetTimeout: .seconds(600), successThreshold: 1)
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("db", database: "main", failAfter: 1, remediation: "restart-db")],
                                                                     breaker: settings))
        let out = Self.feed(&engine, "db", .critical, at: 0)
        #expect(Self.kinds(out).first == .circuitBreakerChanged)
        let request = try #require(Self.steps(out).first)
        if case .callTarget = engine.callRequested("db", at: Self.at(1)).verdict { Issue.record("the circuit should be open") }
        let finished = engine.stepFinished(slot: request.slot, index: 0, outcome: Self.succeeded, at: Self.at(2))
        #expect(finished.last?.event?.value(of: "TO_STATE") == "HALF_OPEN")
        #expect(finished.last?.event?.value(of: "REASON") == "plan restart-db acted on the target")
        #expect(engine.callRequested("db", at: Self.at(3)).verdict == .callTarget)
    }

    @Test func aReloadReleasesAHalfOpenTrialWhoseResultWillNeverCome() {
        let settings = CircuitBreaker.Settings(failureThreshold: 1, resetTimeout: .seconds(60), successThreshold: 1)
        let configuration = Self.configuration([Self.check("db", database: "main", failAfter: 5)], breaker: settings)
        var engine = DecisionEngine(configuration: configuration)
        _ = engine.callRequested("db", at: Self.at(0))
        _ = Self.feed(&engine, "db", .critical, at: 0)
        #expect(engine.callRequested("db", at: Self.at(61)).verdict == .callTarget, "the trial call")
        if case .callTarget = engine.callRequested("db", at: Self.at(62)).verdict { Issue.record("one trial at a time") }
        // The reload drops the trial's run: the next call is the trial instead of waiting forever.
        engine.configure(configuration)
        #expect(engine.callRequested("db", at: Self.at(63)).verdict == .callTarget)
    }

    @Test func dryRunDecidesEverythingAndExecutesNothing() {
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("db", database: "main", failAfter: 1, remediation: "restart-db")],
                                                                     mode: .dryRun))
        let out = Self.feed(&engine, "db", .critical, at: 0)
        #expect(Self.steps(out).isEmpty)
        #expect(Self.decisions(out).suffix(2) == ["would-run", "would-run"])
        #expect(engine.state.running.isEmpty)
        #expect(engine.state.plans.keys.first?.hasSuffix("#dry-run") == true, "dry-run spends a budget of its own")
    }

    @Test func onePlanAtATimeDaemonWide() throws {
        let checks = [Self.check("a", database: "one", failAfter: 1, remediation: "restart-db"),
                      Self.check("b", database: "two", failAfter: 1, remediation: "restart-db")]
        var engine = DecisionEngine(configuration: Self.configuration(checks, maxConcurrent: 1))
        #expect(Self.steps(Self.feed(&engine, "a", .critical, at: 0)).count == 1)
        let out = Self.feed(&engine, "b", .critical, at: 1)
        #expect(out.compactMap { $0.event?.value(of: "SKIP_REASON") } == ["concurrency-limit"])
        #expect(engine.state.plans.count == 2)
    }

    @Test func aRestartDoesNotRefillTheBudgetAndFailsTheInterruptedStep() throws {
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("db", database: "main", failAfter: 1, remediation: "restart-db")]))
        let request = try #require(Self.steps(Self.feed(&engine, "db", .critical, at: 0)).first)
        let saved = try JSONDecoder().decode(EngineState.self, from: JSONEncoder().encode(engine.state))
        #expect(saved == engine.state)

        var restarted = DecisionEngine(configuration: engine.configuration, state: saved)
        let out = restarted.recoverInterruptedWork(at: Self.at(30))
        #expect(Self.kinds(out) == [.remediationAttemptFailed])
        #expect(out.first?.event?.value(of: "REASON")?.contains("interrupted by a daemon restart") == true)
        #expect(restarted.state.plans[request.slot]?.budget.budgetLeft(at: Self.at(31)) == 1)
        #expect(restarted.state.coordinator.running.isEmpty)
        #expect(restarted.stepFinished(slot: request.slot, index: 0, outcome: Self.succeeded, at: Self.at(32)).isEmpty,
                "a late report of the lost step changes nothing")
    }

    @Test func onlyConfirmedChangesReachTheIncidentDeskWithTheirPreviousStatus() {
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("db", failAfter: 2, recoverAfter: 1)]))
        #expect(Self.confirmed(Self.feed(&engine, "db", .critical, at: 0)).isEmpty, "a soft change opens nothing")
        let failed = Self.confirmed(Self.feed(&engine, "db", .critical, at: 10, message: "connection refused"))
        #expect(failed == [ConfirmedChange(check: "db", status: .critical, previous: .unknown, severity: .p1,
                                           reason: "connection refused")])
        let recovered = Self.confirmed(Self.feed(&engine, "db", .healthy, at: 20, message: "ok"))
        #expect(recovered == [ConfirmedChange(check: "db", status: .healthy, previous: .critical, severity: .p1, reason: "ok")])
    }

    @Test func aConfirmedChangeCarriesTheChecksIncidentPolicyAndSeverity() {
        var check = Self.check("disk", failAfter: 1)
        check.severity = .p3
        check.incident = .warning
        var engine = DecisionEngine(configuration: Self.configuration([check]))
        let change = Self.confirmed(Self.feed(&engine, "disk", .warning, at: 0)).first
        #expect(change?.incident == .warning)
        #expect(change?.severity == .p3)
        #expect(change?.status == .warning)
        #expect(change?.suppressedBy == nil)
        #expect(change?.flapping == false)
    }

    @Test func theEndOfAFlappingEpisodeIsHandedOnAfterItsEntry() {
        var engine = DecisionEngine(configuration: Self.configuration([Self.check("db", failAfter: 1, recoverAfter: 1)]))
        var all: [EngineOutput] = []
        for index in 0..<12 { all += Self.feed(&engine, "db", index.isMultiple(of: 2) ? .critical : .healthy, at: Double(index) * 10) }
        #expect(Self.kinds(all).contains(.checkFlappingStarted))
        #expect(Self.confirmed(all).last?.flapping == true, "a confirmation while flapping says so")
        var second = 120.0
        while !all.contains(.flappingEnded(check: "db")), second < 2000 {
            all += Self.feed(&engine, "db", .healthy, at: second)
            second += 10
        }
        let end = all.firstIndex(of: .flappingEnded(check: "db"))
        #expect(end.flatMap { all[$0 - 1].event?.kind } == .checkFlappingStopped)
    }

}
