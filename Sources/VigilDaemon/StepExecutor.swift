import FoundationEssentials
import VigilCore
import VigilProcess
import VigilSystemd

/// Carries out one remediation step and says how it ended; the engine decides what that means.
///
/// Every kind blocks (a child, a unit's job), so the work runs on a thread of its own, never on
/// Swift's cooperative pool. The step's own `timeout` bounds it; nothing it started outlives it.
public struct StepExecutor: Sendable {
    /// A D-Bus address (`unix:path=…`) for `restart_unit` instead of the system bus.
    public let busAddress: String?
    /// After SIGTERM at an `exec` step's deadline, how long its group has before SIGKILL.
    public let killGrace: Duration
    /// Where `exec` steps' process groups are recorded while they run, so that the next start
    /// can kill what a daemon killed by SIGKILL left behind.
    public let groups: StepGroupRegistry?

    /// How much of a step's output is kept: the journal entry keeps less still.
    public static let outputTailLimit = 4096
    /// How much of each stream is read into memory. The child process keeps the first bytes, so
    /// this is generous enough for the end of any sane command's output to be in it.
    public static let outputReadLimit = 1_048_576

    public init(busAddress: String? = nil, killGrace: Duration = .seconds(2), groups: StepGroupRegistry? = nil) {
        self.busAddress = busAddress
        self.killGrace = killGrace
        self.groups = groups
    }

    /// On a thread of the step's own: a Dispatch queue's pool is as wide as the machine has
    /// cores, so on two cores two hanging steps would hold back a third past its own deadline.
    public func execute(_ step: RemediationStep) async -> RemediationStepOutcome {
        await DetachedThread.run { executeBlocking(step) }
    }

    /// The same, on the calling thread.
    public func executeBlocking(_ step: RemediationStep) -> RemediationStepOutcome {
        switch step.kind {
        case .exec: runCommand(step)
        case .restartUnit: restartUnit(step)
        case .notify: RemediationStepOutcome(succeeded: true, exitStatus: "0", duration: .zero,
                                             outputTail: step.message ?? "")
        }
    }

    /// argv only, in its own process group, with nothing of Vigil's environment but the step's
    /// `env`; TERM then KILL at the deadline; only exit 0 succeeds.
    private func runCommand(_ step: RemediationStep) -> RemediationStepOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let command = ChildCommand(argv: step.argv, environment: step.env)
        let result: ChildResult
        var group: Int32?
        defer { if let group { groups?.remove(pgid: group) } }
        do {
            result = try ChildProcess.run(command, deadline: start + step.timeout, killGrace: killGrace,
                                          stdout: .first(Self.outputReadLimit), stderr: .first(Self.outputReadLimit),
                                          onSpawn: { pid in
                                              group = pid
                                              groups?.add(pgid: pid)
                                          })
        } catch {
            return RemediationStepOutcome(succeeded: false, exitStatus: error.description, duration: clock.now - start)
        }
        let exitStatus: String
        switch result.termination {
        case _ where result.timedOut: exitStatus = "killed at its deadline (\(DurationText.format(step.timeout)))"
        case .exited(let code): exitStatus = String(code)
        case .signaled(let number): exitStatus = "killed by signal \(number)"
        }
        return RemediationStepOutcome(
            succeeded: !result.timedOut && result.termination == .exited(0),
            exitStatus: exitStatus,
            duration: result.duration,
            outputTail: Self.tail(stdout: result.stdout, stderr: result.stderr))
    }

    /// Succeeds only when the unit's restart job ends `done`; the exit status is the job's
    /// result, or why there was none.
    private func restartUnit(_ step: RemediationStep) -> RemediationStepOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        guard let unit = step.unit, !unit.isEmpty else {
            return RemediationStepOutcome(succeeded: false, exitStatus: "no unit to restart", duration: .zero)
        }
        do {
            let result = try UnitController(busAddress: busAddress).restart(unit, timeout: step.timeout)
            return RemediationStepOutcome(succeeded: result == "done", exitStatus: result, duration: clock.now - start)
        } catch {
            return RemediationStepOutcome(succeeded: false, exitStatus: error.description, duration: clock.now - start)
        }
    }

    /// stdout, then stderr, keeping the last `outputTailLimit` characters: the end of a
    /// failing command's output is where it says why. A stream that filled its read limit says
    /// that what came after was dropped, so its tail is not taken for the end.
    static func tail(stdout: String, stderr: String) -> String {
        var text = ""
        for (name, output) in [("stdout", stdout), ("stderr", stderr)] where !output.isEmpty {
            if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
            text += output
            if output.utf8.count >= outputReadLimit {
                text += "\n[\(name) beyond \(outputReadLimit / 1_048_576) MiB dropped]\n"
            }
        }
        return String(text.suffix(outputTailLimit))
    }
}
