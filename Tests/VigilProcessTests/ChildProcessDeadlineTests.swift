import Glibc
import Testing
import VigilProcess
import VigilTestSupport

/// The deadline and the process group: whatever a child leaves behind is terminated, and
/// nothing is still running when `run` returns.
@Suite struct ChildProcessDeadlineTests {
    private func shell(_ script: String, timeout: Duration, killGrace: Duration = .seconds(1)) async throws -> ChildResult {
        try await runChild(
            ChildCommand(argv: ["/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"]),
            deadline: .now + timeout,
            killGrace: killGrace
        )
    }

    @Test func hangIsTerminatedAtTheDeadline() async throws {
        let deadline = ContinuousClock.now + .seconds(1)
        let result = try await runChild(ChildCommand(argv: ["/bin/sleep", "60"], environment: [:]), deadline: deadline)
        #expect(ContinuousClock.now >= deadline)
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.duration < .seconds(1) + .seconds(1) + .seconds(1))
    }

    @Test func outputBeforeTheDeadlineIsKept() async throws {
        let result = try await shell("echo partial; echo why >&2; exec sleep 60", timeout: .milliseconds(500))
        #expect(result.timedOut)
        #expect(result.stdout == "partial\n")
        #expect(result.stderr == "why\n")
    }

    @Test func childIgnoringSIGTERMIsKilledAfterTheGrace() async throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let deadline = ContinuousClock.now + .seconds(2)
        let result = try await runChild(
            ChildCommand(argv: ["/bin/sh", "-c", "trap '' TERM; sleep \(marker)"], environment: ["PATH": "/usr/bin:/bin"]),
            deadline: deadline, killGrace: .milliseconds(500))
        #expect(ContinuousClock.now >= deadline + .milliseconds(500))
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(result.duration < .seconds(2) + .milliseconds(500) + .seconds(1))
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty)
    }

    @Test func wholeGroupIsTerminatedAtTheDeadline() async throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let result = try await shell("sleep \(marker) & sleep \(marker) & wait", timeout: .seconds(1))
        #expect(result.timedOut)
        #expect(result.duration < .seconds(3))
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty)
    }

    @Test func grandchildHoldingStdoutDoesNotKeepTheRunGoing() async throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let result = try await shell("sleep \(marker) & echo hi", timeout: .seconds(20))
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "hi\n")
        #expect(!result.timedOut)
        #expect(result.duration < .seconds(5))
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty)
    }

    @Test func grandchildIgnoringSIGTERMAfterTheChildExitedIsKilled() async throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let result = try await shell("trap '' TERM; sleep \(marker) & echo hi; exit 1", timeout: .seconds(20), killGrace: .milliseconds(300))
        #expect(result.termination == .exited(1))
        #expect(result.stdout == "hi\n")
        #expect(!result.timedOut)
        #expect(result.duration < .seconds(5))
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty)
    }

    @Test func backgroundChildWithoutOutputIsKilled() async throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let result = try await shell("sleep \(marker) >/dev/null 2>&1 & echo started", timeout: .seconds(20))
        #expect(result.termination == .exited(0))
        #expect(!result.timedOut)
        #expect(result.duration < .seconds(5))
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty)
    }

    @Test func childThatClosesItsOutputIsStillAwaited() async throws {
        let result = try await shell("exec >&- 2>&-; sleep 0.3; exit 4", timeout: .seconds(20))
        #expect(result.termination == .exited(4))
        #expect(!result.timedOut)
        #expect(result.duration >= .milliseconds(250))
    }

    @Test func pastDeadlineStillReapsTheChild() async throws {
        let result = try await runChild(
            ChildCommand(argv: ["/bin/sleep", "60"], environment: [:]), deadline: .now, killGrace: .milliseconds(200))
        #expect(result.timedOut)
        #expect(result.duration < .seconds(2))
    }
}
