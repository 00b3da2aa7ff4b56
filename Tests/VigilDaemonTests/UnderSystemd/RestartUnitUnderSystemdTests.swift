import Foundation
import Testing
import VigilTestSupport

/// `restart_unit` steps under a real systemd as PID 1, in a throwaway container: the job is
/// waited for and its result is the step's exit status.
@Suite(.serialized) struct RestartUnitUnderSystemdTests {
    @Test func aRunningUnitIsRestartedAndTheStepWaitsForItsJob() async throws {
        let boot = try await RestartContainerBoot.shared()
        let before = try boot.state("running-before")
        let after = try boot.state("running-after")
        let outcome = try boot.outcome("running")
        #expect(outcome["succeeded"] as? Bool == true)
        #expect(outcome["exitStatus"] as? String == "done")
        // The unit's start takes a second (ExecStartPre=/bin/sleep 1): the step waited it out.
        let milliseconds = try #require(outcome["milliseconds"] as? Int)
        #expect(milliseconds >= 900)
        #expect(before["ActiveState"] == "active")
        // The step returned only once the job was done: the new invocation was already active.
        #expect(after["ActiveState"] == "active")
        #expect(after["SubState"] == "running")
        #expect(!(before["InvocationID"] ?? "").isEmpty)
        #expect(after["InvocationID"] != before["InvocationID"])
        #expect(after["MainPID"] != before["MainPID"])
        let enteredBefore = try #require(before["ActiveEnterTimestampMonotonic"].flatMap { UInt64($0) })
        let enteredAfter = try #require(after["ActiveEnterTimestampMonotonic"].flatMap { UInt64($0) })
        #expect(enteredAfter > enteredBefore)
    }

    /// systemd ran one restart job, not a stop and a start of the step's own making.
    @Test func systemdRecordedARestartJobThatEndedDone() async throws {
        let boot = try await RestartContainerBoot.shared()
        let journal = try boot.journal()
        let restartJobs = journal.filter { $0["UNIT"] == "vigil-restart-target.service" && $0["JOB_TYPE"] == "restart" }
        #expect(restartJobs.contains { $0["JOB_RESULT"] == "done" })
    }

    /// The second restart had 300 ms, less than the unit's start takes: the step gave up at its
    /// deadline and said so, and systemd's job went on without it.
    @Test func aRestartThatOutlastsTheStepsTimeoutFailsAtTheDeadline() async throws {
        let outcome = try await RestartContainerBoot.shared().outcome("slow")
        #expect(outcome["succeeded"] as? Bool == false)
        #expect(outcome["exitStatus"] as? String == "timed out waiting for the job")
        let milliseconds = try #require(outcome["milliseconds"] as? Int)
        #expect(milliseconds >= 250)
        #expect(milliseconds < 2_000)
    }

    @Test func aUnitThatCannotStartFailsWithItsJobResult() async throws {
        let boot = try await RestartContainerBoot.shared()
        let outcome = try boot.outcome("failing")
        #expect(outcome["succeeded"] as? Bool == false)
        #expect(outcome["exitStatus"] as? String == "failed")
        let after = try boot.state("failing-after")
        #expect(after["ActiveState"] == "failed")
        #expect(after["Result"] == "exit-code")
    }

    @Test func aUnitThatDoesNotExistFailsWithSystemdsReason() async throws {
        let boot = try await RestartContainerBoot.shared()
        let outcome = try boot.outcome("missing")
        #expect(outcome["succeeded"] as? Bool == false)
        #expect(outcome["exitStatus"] as? String
            == "system bus: RestartUnit(vigil-restart-missing.service): Unit vigil-restart-missing.service not found. (org.freedesktop.systemd1.NoSuchUnit)")
    }

    @Test func theRestartsTookFarLessThanTheirTimeouts() async throws {
        let boot = try await RestartContainerBoot.shared()
        let containerMilliseconds = try boot.file("container-milliseconds").trimmingCharacters(in: .whitespacesAndNewlines)
        let restartMilliseconds = try boot.outcome("running")["milliseconds"] ?? "?"
        print("restart container: \(containerMilliseconds) ms; restart of a running unit: \(restartMilliseconds) ms")
        for name in ["running", "failing", "missing"] {
            let milliseconds = try #require(boot.outcome(name)["milliseconds"] as? Int)
            #expect(milliseconds < 15_000, "\(name): \(milliseconds) ms of a 30 s timeout")
        }
        #expect(boot.seconds < 120)
    }
}
