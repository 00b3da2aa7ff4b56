import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// The installed vigil.service, running as the user `vigil`, restarts a failed unit through its
/// plan's `restart_unit` step once the polkit rule `scripts/install` put down lists that unit.
extension UnitUnderSystemdTests {
    private static let plan = "restart-alexandria-api"

    /// Vigil's own entries about the plan (`journalctl -o json PLAN=…`), oldest first.
    private func planTrace(_ boot: ContainerRun) throws -> [[String: String]] {
        try boot.journal("plan-journal.json").filter { $0["_COMM"] == "vigil" }
    }

    private func microseconds(_ entry: [String: String]) -> Int {
        Int(entry["__REALTIME_TIMESTAMP"] ?? "") ?? 0
    }

    @Test func thePlanRestartsTheFailedUnit() async throws {
        let boot = try await ContainerBoot.shared()
        let before = try boot.state("api-before")
        let after = try boot.state("api-after")
        #expect(before["ActiveState"] == "active")
        #expect(after["ActiveState"] == "active")
        #expect(after["SubState"] == "running")
        let invocation = try #require(after["InvocationID"])
        #expect(!invocation.isEmpty)
        #expect(invocation != before["InvocationID"])
        #expect(try boot.file("api-is-active.txt") == "active\n")
    }

    /// The attempt that worked: it ran its step, the step succeeded, and a HEALTHY result after the
    /// grace verified it; every entry came from vigil.service.
    @Test func theTraceRunsTheStepAndVerifiesTheRecovery() async throws {
        let boot = try await ContainerBoot.shared()
        let trace = try planTrace(boot)
        #expect(!trace.isEmpty)
        #expect(trace.allSatisfy { $0["_SYSTEMD_UNIT"] == "vigil.service" && $0["CHECK"] == "alexandria_api" })
        let refused = try #require(trace.lastIndex { $0["DECISION"] == "step-failed" })
        let lastAttempt = trace[(refused + 1)...].filter { ["run", "step-succeeded", "step-failed", "verified"].contains($0["DECISION"]) }
        #expect(lastAttempt.map { $0["DECISION"] } == ["run", "run", "step-succeeded", "verified"], "\(trace)")
        #expect(Set(lastAttempt.map { $0["ATTEMPT"] }).count == 1)
        let succeeded = try #require(lastAttempt.first { $0["DECISION"] == "step-succeeded" })
        #expect(succeeded["STEP_KIND"] == "restart_unit")
        #expect(succeeded["STEP_SUMMARY"] == "restart_unit alexandria-api.service")
        #expect(succeeded["EXIT_STATUS"] == "done")
        #expect(lastAttempt.last?["MESSAGE_ID"] == EventKind.remediationVerified.messageID)
    }

    /// systemd's own record of the job the step asked for: it finished while the step ran.
    @Test func theRestartJobShowsInTheJournal() async throws {
        let boot = try await ContainerBoot.shared()
        let trace = try planTrace(boot)
        let succeeded = try #require(trace.last { $0["DECISION"] == "step-succeeded" })
        let started = try #require(trace.last { $0["DECISION"] == "run" && $0["STEP"] != nil })
        let jobs = try boot.journal("api-journal.json").filter {
            $0["_PID"] == "1" && $0["UNIT"] == "alexandria-api.service" && $0["JOB_RESULT"] == "done"
        }
        let job = try #require(jobs.last, "\(jobs)")
        #expect(["start", "restart"].contains(job["JOB_TYPE"]), "\(job)")
        #expect(microseconds(job) >= microseconds(started))
        #expect(microseconds(job) <= microseconds(succeeded))
    }

    /// Before the unit was listed in the rule, systemd refused: the step failed with the bus's text.
    @Test func anUnlistedUnitIsRefused() async throws {
        let boot = try await ContainerBoot.shared()
        let trace = try planTrace(boot)
        let refused = try #require(trace.first { $0["DECISION"] == "step-failed" })
        #expect(refused["EXIT_STATUS"] == "system bus: RestartUnit(alexandria-api.service): Interactive authentication required."
                    + " (org.freedesktop.DBus.Error.InteractiveAuthorizationRequired)", "\(refused)")
        #expect(refused["PRIORITY"] == "3")
        let rule = try boot.file("polkit-rule.js")
        #expect(rule.contains("\n        \"alexandria-api.service\",\n"))
    }

    /// The rule grants exactly one thing: the user vigil restarting a listed unit.
    @Test func theRuleGrantsNothingElse() async throws {
        let probes = try await ContainerBoot.shared().file("polkit-probes.txt")
        let answers = Dictionary(probes.split(separator: "\n").compactMap { line in
            line.firstIndex(of: ":").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
        }, uniquingKeysWith: { first, _ in first })
        #expect(answers.keys.sorted() == ["restart_listed_as_nobody", "restart_unlisted", "stop_listed"], "\(probes)")
        for (probe, answer) in answers {
            #expect(answer.contains("Interactive authentication required."), "\(probe): \(answer)")
            #expect(!answer.contains("/job/"), "\(probe): \(answer)")
        }
    }

    /// From the rule being listed to the recovery verified: a second's backoff, the restart, a
    /// second's grace and one result.
    @Test func theRecoveryIsQuick() async throws {
        let recovery = try await ContainerBoot.shared().file("api-recovery.txt")
        let listedToVerified = try #require(recovery.firstMatch(of: /listed_to_verified_ms=(\d+)/).flatMap { Int($0.1) })
        #expect(listedToVerified < 20_000, "\(recovery)")
    }
}
