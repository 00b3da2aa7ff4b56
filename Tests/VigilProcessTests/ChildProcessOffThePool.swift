import Dispatch
import VigilProcess

/// Runs `ChildProcess.run` on a Dispatch thread, as Vigil does: tests that wait seconds for a
/// child must not hold Swift's cooperative threads (two on this machine) and stall the others.
func runChild(
    _ command: ChildCommand,
    deadline: ContinuousClock.Instant,
    killGrace: Duration = .seconds(1),
    stdout: OutputCapture = .first(65_536),
    stderr: OutputCapture = .first(65_536)
) async throws(SpawnError) -> ChildResult {
    let result: Result<ChildResult, SpawnError> = await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(returning: Result { () throws(SpawnError) -> ChildResult in
                try ChildProcess.run(command, deadline: deadline, killGrace: killGrace, stdout: stdout, stderr: stderr)
            })
        }
    }
    return try result.get()
}
