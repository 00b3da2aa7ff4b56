import ArgumentParser
import FoundationEssentials
import Glibc
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil resume NAME`: re-arms a plan that spent its budget, through the running daemon (a
/// request file plus SIGUSR1), and says whether the daemon took it.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Re-arm a remediation plan that stopped after spending its budget, or lift a failed rollback's hold.",
        discussion: """
            Leaves <runtime_dir>/resume/NAME, sends SIGUSR1 to the daemon named in status.json, \
            waits until the daemon has taken the request and status.json shows the plan armed. \
            Exits 0 when it is armed again, 1 when the daemon did not take the request in time \
            (the request is withdrawn) or the plan still shows stopped, 3 when vigil is not \
            running (or would not survive SIGUSR1), 65 for an invalid configuration or a plan it \
            does not define. `vigil resume rollback` (with [rollback], and no plan of that name) \
            lifts the hold a failed rollback left, once the platform has been put right by hand: \
            plans and rollbacks run again and the rollback's incident resolves; it exits 0 once \
            status.json shows no hold.
            """)

    @Argument(help: "The plan's name, as in [remediation.NAME]; or rollback, to lift the hold a failed rollback left.")
    var name: String

    @OptionGroup var options: ConfigOptions

    @OptionGroup var request: DaemonRequestOptions

    func run() throws {
        let configuration = try options.load()
        let liftsRollbackHold = name == RollbackHold.resumeName && configuration.rollback != nil
        guard configuration.remediationPlans[name] != nil || liftsRollbackHold else {
            let known = configuration.remediationPlans.keys.sorted().joined(separator: ", ")
            printToStandardError("no remediation plan named \(name); configured: \(known.isEmpty ? "none" : known)")
            throw ExitCode(ExitStatus.invalidConfiguration)
        }
        let statusPath = request.statusPath(for: configuration)
        let pid = try SignalledDaemon.pid(statusPath: statusPath, request: "resume")
        let requests = ResumeRequests(besideStatusFile: statusPath)
        let deadline = try request.deliver(to: pid, at: requests.path(for: name), asking: "the resume of \(name)",
                                           named: "the request for \(name)") { try requests.post(plan: name) }
        if liftsRollbackHold, configuration.remediationPlans[name] == nil {
            try reportRollbackHold(statusPath: statusPath, pid: pid, until: max(deadline, ContinuousClock.now + .seconds(1)))
            return
        }
        // The daemon rewrites status.json at most four times a second: give it at least a second.
        let slots = waitForArmed(statusPath: statusPath, until: max(deadline, ContinuousClock.now + .seconds(1)))
        guard !slots.isEmpty else {
            print("vigil (pid \(pid)) took the request; plan \(name) has no target yet (it has never run), nothing was stopped")
            return
        }
        for slot in slots {
            if let stopped = slot.stoppedSince {
                print("plan \(name) on \(slot.target) is still STOPPED since \(WallClock.text(stopped)); see the journal")
            } else {
                print("plan \(name) on \(slot.target) is armed: budget \(slot.budgetLeft)/\(slot.maxAttempts) left")
            }
        }
        if slots.contains(where: { $0.stoppedSince != nil }) { throw ExitCode.failure }
    }

    /// `vigil resume rollback`: waits for status.json to show no hold, and says so.
    private func reportRollbackHold(statusPath: String, pid: Int32, until deadline: ContinuousClock.Instant) throws {
        var held: RollbackView.Held?
        let lifted = DaemonRequestOptions.waitUntil(deadline) {
            guard let document = try? StatusFile(path: statusPath).read() else { return false }
            held = document.release?.rollback?.held
            return held == nil
        }
        if lifted {
            print("vigil (pid \(pid)) took the request: no rollback hold is in place; plans and rollbacks run")
        } else {
            printToStandardError("vigil (pid \(pid)) still shows the hold of the failed rollback of \(held?.release ?? "?"); see the journal")
            throw ExitCode.failure
        }
    }

    /// The plan's slots once none shows stopped, or as they are at `deadline`.
    private func waitForArmed(statusPath: String, until deadline: ContinuousClock.Instant) -> [DecisionSnapshot.PlanView] {
        var slots: [DecisionSnapshot.PlanView] = []
        _ = DaemonRequestOptions.waitUntil(deadline) {
            guard let document = try? StatusFile(path: statusPath).read() else { return false }
            slots = document.decisions.plans.filter { $0.plan == name }
            return slots.allSatisfy { $0.stoppedSince == nil }
        }
        return slots
    }
}
