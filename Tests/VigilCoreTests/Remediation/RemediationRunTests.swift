import Foundation
import Testing
import VigilCore

@Suite struct RemediationRunTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ second: Double) -> Date { t0.addingTimeInterval(second) }

    static let clearCache = RemediationStep.exec(["/usr/local/bin/clear-cache"], timeout: .seconds(30), env: ["K": "v"])
    static let restartAPI = RemediationStep.restartUnit("alexandria-api.service")
    static let tellPeople = RemediationStep.notify("restarting the API")
    /// Grace 30 s, two HEALTHY results within 5 minutes after it.
    static let verification = RemediationRun.Verification()

    enum Event: Sendable {
        case start, stepFinished(index: Int, succeeded: Bool), check(Status), timePassed
    }

    struct Row: Sendable {
        var second: Double
        var event: Event
        var actions: [RemediationRun.Action]
        var phase: RemediationRun.Phase
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var steps: [RemediationStep] = [clearCache, restartAPI]
        var verification = RemediationRunTests.verification
        var mode = RemediationRun.Mode.enforce
        var rows: [Row]
        var outcome: RemediationRun.Outcome?
        var testDescription: String { name }
    }

    /// Both steps succeed by second 10: grace until 40, verification deadline at 340.
    static let stepsSucceed: [Row] = [
        Row(second: 0, event: .start, actions: [.startStep(index: 0)], phase: .runningStep(index: 0, startedAt: at(0))),
        Row(second: 5, event: .stepFinished(index: 0, succeeded: true), actions: [.startStep(index: 1)],
            phase: .runningStep(index: 1, startedAt: at(5))),
        Row(second: 10, event: .stepFinished(index: 1, succeeded: true), actions: [.beginGrace(until: at(40))],
            phase: .grace(until: at(40))),
    ]

    static let scenarios: [Scenario] = [
        Scenario(name: "steps in order, grace ignores results, then HEALTHY verifySuccesses times verifies", rows: stepsSucceed + [
            Row(second: 20, event: .check(.critical), actions: [], phase: .grace(until: at(40))),
            Row(second: 39, event: .check(.healthy), actions: [], phase: .grace(until: at(40))),
            Row(second: 45, event: .check(.critical), actions: [.beginVerification(deadline: at(340))],
                phase: .verifying(successes: 0, deadline: at(340))),
            Row(second: 60, event: .check(.healthy), actions: [], phase: .verifying(successes: 1, deadline: at(340))),
            Row(second: 75, event: .check(.warning), actions: [], phase: .verifying(successes: 1, deadline: at(340))),
            Row(second: 339, event: .check(.healthy), actions: [.verified], phase: .finished(.verified)),
            Row(second: 400, event: .check(.critical), actions: [], phase: .finished(.verified)),
        ], outcome: .verified),
        Scenario(name: "too few HEALTHY results by the deadline fails verification and escalates", rows: stepsSucceed + [
            Row(second: 40, event: .timePassed, actions: [.beginVerification(deadline: at(340))],
                phase: .verifying(successes: 0, deadline: at(340))),
            Row(second: 60, event: .check(.healthy), actions: [], phase: .verifying(successes: 1, deadline: at(340))),
            Row(second: 339.9, event: .timePassed, actions: [], phase: .verifying(successes: 1, deadline: at(340))),
            Row(second: 340, event: .timePassed,
                actions: [.verificationFailed(reason: "1 of 2 HEALTHY results within 5m after the grace"),
                          .escalate(reason: "verification failed: 1 of 2 HEALTHY results within 5m after the grace")],
                phase: .finished(.failed(reason: "verification failed: 1 of 2 HEALTHY results within 5m after the grace"))),
        ], outcome: .failed(reason: "verification failed: 1 of 2 HEALTHY results within 5m after the grace")),
        Scenario(name: "a HEALTHY result at the deadline is too late", rows: stepsSucceed + [
            Row(second: 60, event: .check(.healthy), actions: [.beginVerification(deadline: at(340))],
                phase: .verifying(successes: 1, deadline: at(340))),
            Row(second: 340, event: .check(.healthy),
                actions: [.verificationFailed(reason: "1 of 2 HEALTHY results within 5m after the grace"),
                          .escalate(reason: "verification failed: 1 of 2 HEALTHY results within 5m after the grace")],
                phase: .finished(.failed(reason: "verification failed: 1 of 2 HEALTHY results within 5m after the grace"))),
        ], outcome: .failed(reason: "verification failed: 1 of 2 HEALTHY results within 5m after the grace")),
        Scenario(name: "a result long after the grace starts and ends the verification at once", rows: stepsSucceed + [
            Row(second: 500, event: .check(.healthy),
                actions: [.beginVerification(deadline: at(340)),
                          .verificationFailed(reason: "0 of 2 HEALTHY results within 5m after the grace"),
                          .escalate(reason: "verification failed: 0 of 2 HEALTHY results within 5m after the grace")],
                phase: .finished(.failed(reason: "verification failed: 0 of 2 HEALTHY results within 5m after the grace"))),
        ], outcome: .failed(reason: "verification failed: 0 of 2 HEALTHY results within 5m after the grace")),
        Scenario(name: "the first failed step ends the attempt; later steps do not run",
                 steps: [clearCache, restartAPI, tellPeople], rows: [
            Row(second: 0, event: .start, actions: [.startStep(index: 0)], phase: .runningStep(index: 0, startedAt: at(0))),
            Row(second: 1, event: .stepFinished(index: 0, succeeded: true), actions: [.startStep(index: 1)],
                phase: .runningStep(index: 1, startedAt: at(1))),
            Row(second: 2, event: .stepFinished(index: 1, succeeded: false),
                actions: [.stepFailed(index: 1),
                          .escalate(reason: "step 2 of 3 (restart_unit alexandria-api.service) failed")],
                phase: .finished(.failed(reason: "step 2 of 3 (restart_unit alexandria-api.service) failed"))),
            Row(second: 3, event: .stepFinished(index: 2, succeeded: true), actions: [],
                phase: .finished(.failed(reason: "step 2 of 3 (restart_unit alexandria-api.service) failed"))),
            Row(second: 50, event: .check(.healthy), actions: [],
                phase: .finished(.failed(reason: "step 2 of 3 (restart_unit alexandria-api.service) failed"))),
        ], outcome: .failed(reason: "step 2 of 3 (restart_unit alexandria-api.service) failed")),
        Scenario(name: "a report for a step that is not running is ignored", rows: [
            Row(second: 0, event: .start, actions: [.startStep(index: 0)], phase: .runningStep(index: 0, startedAt: at(0))),
            Row(second: 1, event: .stepFinished(index: 1, succeeded: true), actions: [],
                phase: .runningStep(index: 0, startedAt: at(0))),
            Row(second: 1, event: .check(.healthy), actions: [], phase: .runningStep(index: 0, startedAt: at(0))),
            Row(second: 2, event: .start, actions: [], phase: .runningStep(index: 0, startedAt: at(0))),
        ]),
        Scenario(name: "dry-run: every step would run, nothing starts, nothing is verified",
                 steps: [clearCache, restartAPI, tellPeople], mode: .dryRun, rows: [
            Row(second: 0, event: .start,
                actions: [.wouldRunStep(index: 0), .wouldRunStep(index: 1), .wouldRunStep(index: 2)],
                phase: .finished(.wouldRun)),
            Row(second: 1, event: .stepFinished(index: 0, succeeded: true), actions: [], phase: .finished(.wouldRun)),
            Row(second: 60, event: .check(.healthy), actions: [], phase: .finished(.wouldRun)),
        ], outcome: .wouldRun),
        Scenario(name: "no grace and no successes required: verified when the steps are done",
                 steps: [tellPeople], verification: .init(grace: .zero, verifySuccesses: 0, verifyTimeout: .seconds(60)), rows: [
            Row(second: 0, event: .start, actions: [.startStep(index: 0)], phase: .runningStep(index: 0, startedAt: at(0))),
            Row(second: 1, event: .stepFinished(index: 0, succeeded: true), actions: [.beginGrace(until: at(1))],
                phase: .grace(until: at(1))),
            Row(second: 1, event: .timePassed, actions: [.verified], phase: .finished(.verified)),
        ], outcome: .verified),
    ]

    @Test(arguments: scenarios) func table(_ scenario: Scenario) {
        var run = RemediationRun(plan: "restart-api", steps: scenario.steps, verification: scenario.verification, mode: scenario.mode)
        for (number, row) in scenario.rows.enumerated() {
            let now = Self.at(row.second)
            let actions: [RemediationRun.Action] = switch row.event {
            case .start: run.start(at: now)
            case let .stepFinished(index, succeeded): run.stepFinished(index: index, succeeded: succeeded, at: now)
            case let .check(status): run.checkReported(status, at: now)
            case .timePassed: run.timePassed(at: now)
            }
            #expect(actions == row.actions, "row \(number + 1)")
            #expect(run.phase == row.phase, "row \(number + 1)")
        }
        #expect(run.outcome == scenario.outcome)
    }

    @Test func onlyAVerifiedAttemptCountsAsSucceeded() {
        #expect(RemediationRun.Outcome.verified.succeeded)
        #expect(!RemediationRun.Outcome.failed(reason: "x").succeeded)
        #expect(!RemediationRun.Outcome.wouldRun.succeeded)
    }

    @Test func stepsKeepTheirKindAndSettings() throws {
        #expect(Self.clearCache.kind == .exec)
        #expect(Self.clearCache.summary == "exec /usr/local/bin/clear-cache")
        #expect(Self.restartAPI.timeout == .seconds(90))
        #expect(RemediationStep.exec(["/bin/true"]).timeout == .seconds(30))
        #expect(Self.tellPeople.summary == "notify restarting the API")
        let json = String(decoding: try JSONEncoder().encode(Self.restartAPI), as: UTF8.self)
        #expect(json.contains(#""kind":"restart_unit""#))
        #expect(try JSONDecoder().decode(RemediationStep.self, from: JSONEncoder().encode(Self.clearCache)) == Self.clearCache)
    }

    @Test func runInProgressSurvivesEncoding() throws {
        var run = RemediationRun(plan: "restart-api", steps: [Self.clearCache], verification: Self.verification)
        _ = run.start(at: Self.t0)
        _ = run.stepFinished(index: 0, succeeded: true, at: Self.at(1))
        #expect(try JSONDecoder().decode(RemediationRun.self, from: JSONEncoder().encode(run)) == run)
    }
}
