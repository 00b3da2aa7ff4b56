import Dispatch
import FoundationEssentials
import VigilCore
import VigilPostgres
import VigilSystemd

/// The duty of `exclusive = true` plans under `[coordination]`: keeps this host's standing among
/// the hosts that share the database (it asks for leadership, or proves it still holds it, every
/// third of `session_timeout`), tells the engine whether such plans may start here, and records
/// each of their steps in `vigil_actions` before it runs, so a host that lost its leadership
/// cannot run one.
///
/// Touched on the decision loop's queue only (hence unchecked).
final class ExclusivePlans: @unchecked Sendable {
    private let queue: DispatchQueue
    private let sink: any EventSink
    private var coordination: HostCoordination?
    /// The last standing journaled; nil before the first look.
    private var standing: HostLeadership?
    private var looking = false
    private lazy var timer = DeadlineTimer(queue: queue) { [unowned self] _ in look() }

    /// The last standing found, for status.json; nil while nothing is watched or before the first look.
    var view: CoordinationView? {
        guard let standing, let coordination else { return nil }
        return CoordinationView(standing, host: coordination.host, database: coordination.settings.database)
    }

    /// The standing changed: the loop tells the engine (`HostLeadership.holdReason`).
    var onChanged: (RemediationSkipReason?) -> Void = { _ in }

    init(queue: DispatchQueue, sink: any EventSink) {
        self.queue = queue
        self.sink = sink
    }

    /// Watches leadership while some plan is exclusive and `[coordination]` is set; stops otherwise.
    func configure(_ coordination: HostCoordination?, wanted: Bool) {
        let next = wanted ? coordination : nil
        guard next !== self.coordination else { return }
        self.coordination = next
        standing = nil
        onChanged(.notLeading("leadership among the [coordination] hosts is not known yet"))
        timer.arm(at: nil)
        if next != nil { look() }
    }

    /// Asks the database now (off the queue), then again every `retryInterval`.
    private func look() {
        guard let coordination, !looking else { return }
        looking = true
        Task.detached { [self] in
            let found: HostLeadership = switch await coordination.lead() {
            case .success(.leader(epoch: let epoch)): .leading(epoch: epoch)
            case .success(.heldBy(let leader)): .following(leader: leader)
            case .failure(let error): .unreachable(error: "\(error)")
            }
            queue.async { [self] in
                looking = false
                guard coordination === self.coordination else { return }
                observed(found, by: coordination)
                timer.arm(at: WallClock.date(Date(), plus: coordination.retryInterval))
            }
        }
    }

    private func observed(_ found: HostLeadership, by coordination: HostCoordination) {
        if let standing, standing.sameStanding(as: found) { return }
        standing = found
        sink.write(.leadershipChanged(found, host: coordination.host, database: coordination.settings.database))
        onChanged(found.holdReason(database: coordination.settings.database))
    }

    /// Runs one step of an attempt (`execute`), first recorded in `vigil_actions` when its plan is
    /// exclusive; a step this host may not record is not run, and fails with the reason.
    func run(_ request: StepRequest, execute: @escaping @Sendable (RemediationStep) async -> RemediationStepOutcome)
        -> @Sendable () async -> RemediationStepOutcome {
        guard let key = request.actionKey, let coordination else { return { await execute(request.step) } }
        let number = request.index + 1
        return { [self] in
            if let refusal = await coordination.begin(key: key, step: number,
                                                      action: "plan \(request.plan) for \(request.check), step \(number): \(request.step.summary)") {
                queue.async { [self] in look() }
                return RemediationStepOutcome(succeeded: false, exitStatus: "not run: \(refusal)", duration: .zero, outputTail: "")
            }
            let outcome = await execute(request.step)
            _ = await coordination.finish(key: key, step: number,
                                          outcome: HostCoordination.outcome(of: outcome))
            return outcome
        }
    }
}
