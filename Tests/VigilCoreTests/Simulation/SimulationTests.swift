import Foundation
import Testing
import VigilCore

/// Replays read line by line (every problem on its line) and run through the engine on a
/// virtual clock: steps finish and deadlines pass between records, resumes re-arm plans.
@Suite struct SimulationTests {
    static func configuration(failAfter: Int = 1, apiDependsOnDatabase: Bool = false, maxAttempts: Int = 2, grace: Duration = .seconds(10),
                              verifySuccesses: Int = 1, verifyTimeout: Duration = .seconds(60)) -> VigilConfiguration {
        let plan = RemediationPlan(name: "restart-db", steps: [.restartUnit("postgresql.service")],
                                   budget: .init(maxAttempts: maxAttempts, window: .seconds(1800), backoff: .seconds(60),
                                                 backoffMax: .seconds(600), healthyFor: .seconds(600)),
                                   verification: .init(grace: grace, verifySuccesses: verifySuccesses, verifyTimeout: verifyTimeout))
        let policy = ConfirmationPolicy(failure: .consecutive(failAfter: failAfter), recoverAfter: 1)
        let checks = [
            CheckDefinition(name: "database", kind: .postgres(PostgresCheckSettings(database: "main")), confirmation: policy,
                            remediation: "restart-db"),
            CheckDefinition(name: "api", kind: .memory, confirmation: policy, dependsOn: apiDependsOnDatabase ? ["database"] : []),
            CheckDefinition(name: "old", kind: .memory, enabled: false),
        ]
        return VigilConfiguration(checks: checks, remediationPlans: ["restart-db": plan],
                                  breaker: .init(failureThreshold: 100, resetTimeout: .seconds(60), successThreshold: 1))
    }

    static func parse(_ text: String, _ configuration: VigilConfiguration = configuration()) throws(ReplayError) -> [ReplayRecord] {
        try ReplayParser.parse(text, configuration: configuration)
    }

    static func problems(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    static func run(_ text: String, steps: Simulation.StepBehaviour = .succeed,
                    _ configuration: VigilConfiguration = configuration()) throws -> (entries: [SimulationEntry], summary: SimulationSummary) {
        Simulation.run(try parse(text, configuration), configuration: configuration, steps: steps)
    }

    /// `offset decision` of every entry, the shape of the trace an operator reads.
    static func trace(_ entries: [SimulationEntry]) -> [String] {
        entries.map { "\(ReplayOffset.format($0.offset)) \($0.decision)" }
    }

    // MARK: - Parsing

    static let badLines: [(line: String, problem: String)] = [
        ("not json", "line 1: not valid JSON"),
        ("[1, 2]", "line 1: expected a JSON object, got an array"),
        (#"{"check": "database", "status": "CRITICAL"}"#, "line 1: at: missing"),
        (#"{"at": "soon", "check": "database", "status": "CRITICAL"}"#,
         #"line 1: at: expected a duration such as "90s" or "1m30s", or a number of seconds, got "soon""#),
        (#"{"at": "1.5s", "check": "database", "status": "CRITICAL"}"#, #"line 1: at: expected a duration such as "90s" or "1m30s", or a number of seconds, got "1.5s""#),
        (#"{"at": -1, "check": "database", "status": "CRITICAL"}"#, "line 1: at: expected a duration such as \"90s\" or a number of seconds that is not negative, got a number"),
        (#"{"at": true}"#, #"line 1: at: expected a duration such as "90s" or a number of seconds that is not negative, got a boolean"#),
        (#"{"at": "1m", "status": "CRITICAL"}"#, #"line 1: check: missing (a result line needs "check" and "status")"#),
        (#"{"at": "1m", "check": 7, "status": "CRITICAL"}"#, "line 1: check: expected a check name, got a number"),
        (#"{"at": "1m", "check": "databse", "status": "CRITICAL"}"#, #"line 1: check: no check named "databse"; configured: database, api"#),
        (#"{"at": "1m", "check": "old", "status": "CRITICAL"}"#, #"line 1: check: "old" is disabled (enabled = false)"#),
        (#"{"at": "1m", "check": "database"}"#, "line 1: status: missing"),
        (#"{"at": "1m", "check": "database", "status": "OK"}"#,
         #"line 1: status: expected one of HEALTHY, WARNING, CRITICAL, UNKNOWN, got "OK""#),
        (#"{"at": "1m", "check": "database", "status": 2}"#, "line 1: status: expected one of HEALTHY, WARNING, CRITICAL, UNKNOWN, got a number"),
        (#"{"at": "1m", "check": "database", "status": "CRITICAL", "message": 3}"#, "line 1: message: expected a string, got a number"),
        (#"{"at": "1m", "check": "database", "status": "CRITICAL", "metrics": [1]}"#, "line 1: metrics: expected an object"),
        (#"{"at": "1m", "check": "database", "status": "CRITICAL", "metrics": {"latency_ms": "slow"}}"#,
         "line 1: metrics.latency_ms: expected a number, got a string"),
        (#"{"at": "1m", "check": "database", "status": "CRITICAL", "duration_ms": -4}"#, "line 1: duration_ms: expected a number of milliseconds"),
        (#"{"at": "1m", "check": "database", "status": "CRITICAL", "colour": "red"}"#, "line 1: colour: unknown key"),
        (#"{"at": "1m", "resume": "restart-web"}"#, #"line 1: resume: no plan named "restart-web"; configured: restart-db"#),
        (#"{"at": "1m", "resume": 1}"#, "line 1: resume: expected a plan name, got a number"),
        (#"{"at": "1m", "resume": "restart-db", "check": "database"}"#, #"line 1: check: not a key of a resume line"#),
    ]

    @Test(arguments: badLines)
    func aBadLineIsReportedOnItsLine(line: String, problem: String) {
        let problems = Self.problems(line)
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix(problem) == true, "\(problems) does not start with \(problem)")
    }

    @Test func everyProblemIsReportedWithTheLineItIsOnCountingBlankAndCommentLines() {
        let text = """
            # a comment
            {"at": "1m", "check": "database", "status": "CRITICAL"}

            {"at": "30s", "check": "database", "status": "CRITICAL"}
            {"at": "2m", "check": "nope", "status": "CRITICAL"}
            {"at": "1m", "check": "database", "status": "HEALTHY"}
            """
        #expect(Self.problems(text) == [
            "line 4: at: +30s is before +1m of line 2; times must not go backwards",
            #"line 5: check: no check named "nope"; configured: database, api"#,
        ], "equal times are fine; an invalid line does not move the clock")
    }

    @Test func resumingWithoutAnyPlanSaysNoneIsConfigured() {
        let bare = VigilConfiguration(checks: [CheckDefinition(name: "memory", kind: .memory)])
        do {
            _ = try Self.parse(#"{"at": "0s", "resume": "x"}"#, bare)
            Issue.record("a resume of an unknown plan is refused")
        } catch {
            #expect(error.problems.map(\.description) == [#"line 1: resume: no plan named "x"; no [remediation.NAME] plan is configured"#])
        }
    }

    static let offsets: [(text: String, offset: Duration)] = [
        (#""90s""#, .seconds(90)), (#""1m30s""#, .seconds(90)), (#""+1m30s""#, .seconds(90)), (#""1h2m3s500ms""#, .milliseconds(3_723_500)),
        ("90", .seconds(90)), ("1.5", .milliseconds(1500)), ("0", .zero), (#""0s""#, .zero),
    ]

    @Test(arguments: offsets)
    func anOffsetIsADurationTextOrSeconds(text: String, offset: Duration) throws {
        let records = try Self.parse(#"{"at": \#(text), "check": "database", "status": "critical"}"#)
        #expect(records == [ReplayRecord(line: 1, offset: offset, event: .result(check: "database", status: .critical,
                                                                                message: "recorded CRITICAL", metrics: [:], durationMs: 0))])
    }

    @Test func resumeAndClockLinesAreRecordsToo() throws {
        let records = try Self.parse("""
            {"at": "1m", "resume": "restart-db"}
            {"at": "2m"}
            {"at": "3m", "check": "api", "status": "WARNING", "message": "slow", "metrics": {"latency_ms": 700}, "duration_ms": 12.5}
            """)
        #expect(records.map(\.event) == [.resume(plan: "restart-db"), .clock,
                                         .result(check: "api", status: .warning, message: "slow", metrics: ["latency_ms": 700], durationMs: 12.5)])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    static let formats: [(offset: Duration, text: String)] = [
        (.zero, "+0s"), (.milliseconds(250), "+250ms"), (.milliseconds(1500), "+1s500ms"), (.seconds(59), "+59s"),
        (.seconds(60), "+1m"), (.seconds(90), "+1m30s"), (.seconds(3600), "+1h"), (.seconds(3723), "+1h2m3s"), (.seconds(7320), "+2h2m"),
    ]

    @Test(arguments: formats)
    func offsetsPrintInCombinedUnitsAndReadBack(offset: Duration, text: String) {
        #expect(ReplayOffset.format(offset) == text)
        #expect(ReplayOffset.parse(text) == offset)
    }

    @Test(arguments: ["", "+", "1m30", "1.5s", "-1s", "1 m", "m", "1w"])
    func notAnOffset(text: String) {
        #expect(ReplayOffset.parse(text) == nil)
    }

    // MARK: - Running

    @Test func stepsFinishAndDeadlinesPassBetweenRecords() throws {
        // Confirmed at once, the step ends 1 s later, the grace (10 s) and verification (60 s)
        // run out before the clock line at 5m: the attempt fails at +1m11s.
        let (entries, summary) = try Self.run("""
            {"at": "0s", "check": "database", "status": "CRITICAL", "message": "connection refused"}
            {"at": "5m"}
            """)
        #expect(Self.trace(entries) == ["+0s check-critical", "+0s run", "+0s run", "+1s step-succeeded", "+1m11s escalate"])
        #expect(entries.last?.event.kind == .remediationVerificationFailed)
        #expect(summary == { var expected = SimulationSummary(); expected.attempts = 1; expected.failed = 1; return expected }())
    }

    @Test func theClockStopsAtTheLastRecord() throws {
        let (entries, summary) = try Self.run(#"{"at": "0s", "check": "database", "status": "CRITICAL"}"#)
        #expect(Self.trace(entries) == ["+0s check-critical", "+0s run", "+0s run"], "the step has not finished")
        #expect(summary.unfinished == 1)
        #expect(summary.text == "summary: 1 attempt run, 0 verified, 0 failed, 0 plans stopped, 1 still running at the end")
    }

    @Test func aStepEndingAsTheNextResultArrivesFinishesFirst() throws {
        let (entries, summary) = try Self.run("""
            {"at": "0s", "check": "database", "status": "CRITICAL"}
            {"at": "1s", "check": "database", "status": "HEALTHY"}
            {"at": "11s", "check": "database", "status": "HEALTHY"}
            """)
        #expect(Self.trace(entries) == ["+0s check-critical", "+0s run", "+0s run", "+1s step-succeeded", "+1s check-recovered",
                                        "+11s verified"],
                "the result at +1s falls in the grace; the one at +11s, when the grace has ended, verifies")
        #expect(summary.verified == 1)
    }

    @Test func failingStepsFailTheAttemptWithExitStatusOne() throws {
        let (entries, summary) = try Self.run("""
            {"at": "0s", "check": "database", "status": "CRITICAL"}
            {"at": "30s", "check": "database", "status": "CRITICAL"}
            """, steps: .fail)
        #expect(Self.trace(entries) == ["+0s check-critical", "+0s run", "+0s run", "+1s step-failed", "+1s escalate", "+30s skip"])
        #expect(entries[3].event.value(of: "EXIT_STATUS") == "1")
        #expect(entries.last?.event.value(of: "SKIP_REASON") == "backoff")
        #expect(summary.failed == 1)
    }

    @Test func aResumeLineReArmsAStoppedPlan() throws {
        let (entries, summary) = try Self.run("""
            {"at": "0s", "check": "database", "status": "CRITICAL"}
            {"at": "1m", "check": "database", "status": "CRITICAL"}
            {"at": "2m", "resume": "restart-db"}
            {"at": "3m", "check": "database", "status": "CRITICAL"}
            """, steps: .fail, Self.configuration(maxAttempts: 1))
        #expect(Self.trace(entries) == ["+0s check-critical", "+0s run", "+0s run", "+1s step-failed", "+1s escalate", "+1s stop",
                                        "+1m skip", "+2m resume", "+3m run", "+3m run"])
        #expect(entries[6].event.value(of: "SKIP_REASON") == "stopped")
        #expect(entries[8].event.value(of: "ATTEMPT") == "1")
        #expect(summary.plansStopped == 1)
        #expect(summary.attempts == 2)
    }

    @Test func aSuppressedCheckIsAnsweredAndItsRecordedResultIsNotUsed() throws {
        let (entries, _) = try Self.run("""
            {"at": "0s", "check": "database", "status": "CRITICAL", "message": "connection refused"}
            {"at": "10s", "check": "api", "status": "CRITICAL", "message": "HTTP 500"}
            """, Self.configuration(apiDependsOnDatabase: true))
        let answer = try #require(entries.last)
        #expect(answer.decision == "answered")
        #expect(answer.check == "api")
        #expect(answer.event.value(of: "STATUS") == "UNKNOWN")
        #expect(answer.event.value(of: "RECORDED_STATUS") == "CRITICAL")
        #expect(answer.event.message == "api answered UNKNOWN without calling its target: dependency database is CRITICAL "
            + "(the recorded CRITICAL is not used)")
        #expect(!entries.contains { $0.check == "api" && $0.event.kind == .checkCritical })
    }

    @Test func entriesRenderAsAlignedTextAndAsJSON() throws {
        let (entries, summary) = try Self.run(#"{"at": "90s", "check": "database", "status": "CRITICAL", "message": "refused", "metrics": {"latency_ms": 2}}"#)
        let confirmed = try #require(entries.first)
        #expect(confirmed.text(checkWidth: 10) == "+1m30s    database   check-critical    database is CRITICAL: refused")
        #expect(confirmed.json.hasPrefix(#"{"at":"+1m30s","fields":{"CHECK":"database","CHECK_KIND":"postgres","DURATION_MS":"0","#))
        #expect(confirmed.json.contains(#""METRIC_LATENCY_MS":"2""#))
        #expect(confirmed.json.hasSuffix(#""priority":"crit","time":"2030-01-01T00:01:30Z"}"#))
        #expect(summary.json == #"{"summary":{"attempts":1,"failed":0,"plansStopped":0,"unfinished":1,"verified":0,"wouldRun":0}}"#)
    }
}
