import Foundation
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

/// Real children and real (or missing, or silent) buses; restarts under a real systemd are in
/// RestartUnitUnderSystemdTests.
@Suite struct StepExecutorTests {
    private let executor = StepExecutor(killGrace: .milliseconds(500))

    @Test func aCommandThatExitsZeroSucceeds() async {
        let outcome = await executor.execute(.exec(["/bin/echo", "cache cleared"], timeout: .seconds(10)))
        #expect(outcome.succeeded)
        #expect(outcome.exitStatus == "0")
        #expect(outcome.outputTail == "cache cleared\n")
        #expect(outcome.duration < .seconds(10))
    }

    @Test func aCommandThatExitsNonZeroFailsWithStdoutThenStderr() async {
        let script = "echo still locked; echo 'lock held by pid 42' >&2; exit 3"
        let outcome = await executor.execute(.exec(["/bin/sh", "-c", script], timeout: .seconds(10)))
        #expect(!outcome.succeeded)
        #expect(outcome.exitStatus == "3")
        #expect(outcome.outputTail == "still locked\nlock held by pid 42\n")
    }

    @Test func aCommandKilledByASignalSaysWhich() async {
        let outcome = await executor.execute(.exec(["/bin/sh", "-c", "kill -9 $$"], timeout: .seconds(10)))
        #expect(!outcome.succeeded)
        #expect(outcome.exitStatus == "killed by signal 9")
    }

    @Test func onlyTheTailOfALongOutputIsKept() async {
        let outcome = await executor.execute(.exec(["/bin/sh", "-c", "seq 1 20000"], timeout: .seconds(10)))
        #expect(outcome.succeeded)
        #expect(outcome.outputTail.count == StepExecutor.outputTailLimit)
        #expect(outcome.outputTail.hasSuffix("19999\n20000\n"))
    }

    /// Output past the read limit is dropped, and the tail says so rather than pass a middle
    /// for the end.
    @Test func outputBeyondTheReadLimitIsMarkedAsDropped() async {
        let script = "head -c 1100000 /dev/zero | tr '\\0' x; echo done >&2"
        let outcome = await executor.execute(.exec(["/bin/sh", "-c", script], timeout: .seconds(10)))
        #expect(outcome.succeeded)
        #expect(outcome.outputTail.hasSuffix("xxxx\n[stdout beyond 1 MiB dropped]\ndone\n"))
        #expect(outcome.outputTail.count == StepExecutor.outputTailLimit)
    }

    /// The child and a grandchild both hang and ignore SIGTERM; the whole group gets SIGTERM
    /// at the 1 s deadline and SIGKILL after the grace.
    @Test func aHangingCommandIsKilledAtItsDeadlineWithNothingLeftRunning() async {
        let marker = ProcessTable.uniqueSleepSeconds()
        let script = "trap '' TERM; echo started; sleep \(marker) & sleep \(marker)"
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await executor.execute(.exec(["/bin/sh", "-c", script], timeout: .seconds(1)))
        let elapsed = clock.now - start
        #expect(!outcome.succeeded)
        #expect(outcome.exitStatus == "killed at its deadline (1s)")
        #expect(outcome.outputTail == "started\n")
        #expect(elapsed >= .milliseconds(1400), "deadline 1 s, then 0.5 s of grace")
        #expect(elapsed < .seconds(4))
        #expect(ProcessTable.pids(withArgument: marker).isEmpty)
    }

    /// Four hanging steps at once on two cores: had they blocked the cooperative pool they would
    /// end in two rounds (2 s or more); off it, all four end at their 1 s deadline together.
    @Test func stepsRunningAtOnceDoNotWaitForEachOther() async {
        let marker = ProcessTable.uniqueSleepSeconds()
        let executor = executor
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = await withTaskGroup(of: RemediationStepOutcome.self) { group in
            for _ in 0..<4 {
                group.addTask { await executor.execute(.exec(["/bin/sleep", marker], timeout: .seconds(1))) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = clock.now - start
        #expect(outcomes.map(\.exitStatus) == Array(repeating: "killed at its deadline (1s)", count: 4))
        #expect(elapsed < .milliseconds(1900))
        #expect(ProcessTable.pids(withArgument: marker).isEmpty)
    }

    @Test func theCommandSeesOnlyTheStepsEnvironment() async {
        let env = ["CACHE_DIR": "/var/cache/app", "MODE": "full clear"]
        let outcome = await executor.execute(.exec(["/usr/bin/env"], timeout: .seconds(10), env: env))
        #expect(outcome.succeeded)
        let lines = Set(outcome.outputTail.split(separator: "\n").map(String.init))
        #expect(lines == ["CACHE_DIR=/var/cache/app", "MODE=full clear"])
    }

    /// A program without a slash is looked up on a standard PATH even when `env` has none.
    @Test func aBareProgramNameIsFoundWithoutAPathInEnv() async {
        let outcome = await executor.execute(.exec(["true"], timeout: .seconds(10)))
        #expect(outcome.succeeded)
        #expect(outcome.exitStatus == "0")
    }

    @Test func aProgramThatCannotStartFailsWithTheReason() async {
        let outcome = await executor.execute(.exec(["/nonexistent/vigil-test/clear-cache"], timeout: .seconds(10)))
        #expect(!outcome.succeeded)
        #expect(outcome.exitStatus == "cannot run /nonexistent/vigil-test/clear-cache: No such file or directory")
    }

    /// The step reads the registry's file while it runs: its own group is listed, and gone after.
    /// The group is recorded just after the spawn, so the step waits for the file first.
    @Test func anExecStepsGroupIsRecordedWhileItRuns() async throws {
        let scratch = try ScratchDirectory()
        let groups = StepGroupRegistry(runtimeDirectory: scratch.path)
        let executor = StepExecutor(killGrace: .milliseconds(500), groups: groups)
        let script = "while [ ! -s \"$0\" ]; do sleep 0.01; done; echo $$; cat \"$0\""
        let outcome = await executor.execute(.exec(["/bin/sh", "-c", script, groups.path], timeout: .seconds(10)))
        #expect(outcome.succeeded, "\(outcome)")
        let lines = outcome.outputTail.split(separator: "\n").map(String.init)
        let pid = try #require(lines.first)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.last?.hasPrefix(pid + " ") == true, "\(lines)")
        #expect(scratch.read(StepGroupRegistry.fileName) == "")
    }

    @Test func aStepThatCannotStartRecordsNothing() async throws {
        let scratch = try ScratchDirectory()
        let groups = StepGroupRegistry(runtimeDirectory: scratch.path)
        let outcome = await StepExecutor(groups: groups).execute(.exec(["/nonexistent/vigil-test/clear-cache"], timeout: .seconds(10)))
        #expect(!outcome.succeeded)
        #expect(!FileManager.default.fileExists(atPath: groups.path))
    }

    @Test func notifySucceedsAtOnceWithItsMessage() async {
        let outcome = await executor.execute(.notify("database restarted by hand?"))
        #expect(outcome == RemediationStepOutcome(succeeded: true, exitStatus: "0", duration: .zero,
                                                  outputTail: "database restarted by hand?"))
    }

    @Test func restartingWithoutABusFailsWithTheReason() async {
        let executor = StepExecutor(busAddress: "unix:path=/nonexistent/vigil-test/bus")
        let outcome = await executor.execute(.restartUnit("alexandria-api.service", timeout: .seconds(5)))
        #expect(!outcome.succeeded)
        #expect(outcome.exitStatus == "no bus at unix:path=/nonexistent/vigil-test/bus: No such file or directory")
    }

    @Test func restartingOverABusThatNeverAnswersFailsAtTheStepsTimeout() async throws {
        let silent = try SilentBusSocket()
        let executor = StepExecutor(busAddress: silent.address)
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await executor.execute(.restartUnit("alexandria-api.service", timeout: .seconds(1)))
        let elapsed = clock.now - start
        #expect(!outcome.succeeded)
        #expect(outcome.exitStatus.hasSuffix("Connection timed out"), "\(outcome.exitStatus)")
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(3))
        #expect(outcome.duration < .seconds(3))
    }
}
