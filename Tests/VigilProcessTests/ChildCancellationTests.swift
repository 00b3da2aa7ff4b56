import Dispatch
import Glibc
import Testing
import VigilProcess
import VigilTestSupport

/// Cancelling a run from another thread ends the child's whole group at once (not at the
/// deadline), escalating to SIGKILL for a child that ignores SIGTERM; a cancelled job spawns nothing more.
@Suite struct ChildCancellationTests {
    /// Runs `script` on a Dispatch thread with `cancellation` bound as the current one, as a backup does.
    private func shell(_ script: String, cancellation: ChildCancellation, killGrace: Duration = .seconds(1)) async -> Result<ChildResult, SpawnError> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: ChildCancellation.$current.withValue(cancellation) {
                    Result { () throws(SpawnError) -> ChildResult in
                        try ChildProcess.run(ChildCommand(argv: ["/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"]),
                                             deadline: .now + .seconds(60), killGrace: killGrace)
                    }
                })
            }
        }
    }

    @Test func aCancelledRunEndsTheWholeGroupPromptly() async throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let cancellation = ChildCancellation()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(500)) { cancellation.cancel(reason: "interrupted by SIGINT") }
        let result = try await shell("sleep \(marker) & sleep \(marker)", cancellation: cancellation).get()
        #expect(!result.timedOut)
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.duration >= .milliseconds(500) && result.duration < .seconds(3), "\(result.duration)")
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty)
        #expect(cancellation.reason == "interrupted by SIGINT")
    }

    @Test func aChildIgnoringSIGTERMIsKilledAfterTheGrace() async throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let cancellation = ChildCancellation()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { cancellation.cancel(reason: "stopped") }
        let result = try await shell("trap '' TERM; sleep \(marker)", cancellation: cancellation, killGrace: .milliseconds(500)).get()
        #expect(result.termination == .signaled(SIGKILL))
        #expect(result.duration >= .milliseconds(800) && result.duration < .seconds(4), "\(result.duration)")
        #expect(await ProcessTable.waitUntilGone(withArgument: marker).isEmpty)
    }

    @Test func nothingIsSpawnedOnceCancelledAndTheFirstReasonStays() async {
        let cancellation = ChildCancellation()
        cancellation.cancel(reason: "interrupted by SIGTERM")
        cancellation.cancel(reason: "stopped by SIGINT")
        let marker = ProcessTable.uniqueSleepSeconds()
        let result = await shell("sleep \(marker)", cancellation: cancellation)
        #expect(throws: SpawnError(program: "/bin/sh", reason: "not started: interrupted by SIGTERM")) { try result.get() }
        #expect(ProcessTable.pids(withArgument: marker).isEmpty)
    }
}
