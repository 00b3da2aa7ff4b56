import Dispatch
import FoundationEssentials
import VigilCore
import VigilPostgres
import VigilSystemd

/// The daemon's rollback duty: asks the `RollbackTrigger` after every batch of decisions and
/// every release change whether the running release is bad, then runs the `RollbackRun` (each
/// step off the queue), verifies it, marks the bad release and, when it fails, escalates and
/// holds every automated action until `vigil resume rollback`. In dry-run it journals what it
/// would do, once per bad release. Its state is `<state_dir>/rollback.json`, written at every
/// phase change, so a restart in the middle of a rollback ends it as failed, never resumes it blind.
///
/// Touched on the decision loop's queue only (hence unchecked).
final class RollbackDesk: @unchecked Sendable {
    typealias RunStep = @Sendable (RollbackStep, RollbackStepRunner.Context) async -> RemediationStepOutcome

    private let queue: DispatchQueue
    private let sink: any EventSink
    private let file: JournaledStateFile<RollbackState>
    private let runStep: RunStep
    private var settings: RollbackSettings?
    private var mode: RemediationRun.Mode = .enforce
    private var trigger = RollbackTrigger()
    private var state = RollbackState()
    private var stepInFlight = false
    private lazy var timer = DeadlineTimer(queue: queue) { [unowned self] deadline in
        let now = max(Date(), deadline)
        if case .verifying = state.run?.phase { verificationDue(at: now) } else { evaluate(at: now) }
    }

    // Told by the loop.
    /// The release book as the release watch keeps it.
    var book: () -> ReleaseBook = { ReleaseBook() }
    /// These checks' confirmed CRITICAL failures, as the engine and the maintenance desk see them.
    var failures: ([String]) -> [RollbackTrigger.Failure] = { _ in [] }
    /// The trigger's checks when `[rollback] checks` is not set: every enabled P0 check.
    var defaultTriggerChecks: () -> [String] = { [] }
    var configuration: () -> VigilConfiguration = { VigilConfiguration() }
    /// Marks the bad release's outcome in the release book.
    var mark: (String, ReleaseRecord.Outcome) -> Void = { _, _ in }
    /// Asks for the version to be read now (after the steps, before verification ends).
    var readReleaseNow: () -> Void = {}
    /// A failed rollback: the loop opens a P0 incident (`opened` true) or resolves it on resume.
    var escalation: (_ bad: String, _ reason: String, _ opened: Bool) -> Void = { _, _, _ in }
    /// The hold changed (`holdReason`): the loop tells the engine and refreshes the status.
    var onChanged: () -> Void = {}
    /// A step ended: a stop that waited for it may exit now.
    var onStepEnded: () -> Void = {}
    /// `[coordination]`: the hosts sharing a database take turns; nil: this host acts alone.
    var coordination: HostCoordination?

    /// The rollback's key in `vigil_actions`: one rollback per bad release, on any host.
    static func actionKey(_ bad: String) -> String { "rollback:" + bad }
    /// The outcomes of a rollback as a whole (step 0) in `vigil_actions`.
    static let rolledBack = "rolled back"
    static let failedRollback = "failed rollback"
    private var stopped = false
    /// A claim of leadership is in flight.
    private var claiming = false
    /// What was last said while waiting for leadership (another host's rollback, the database out
    /// of reach), so it is said once, not at every retry.
    private var saidWaiting: String?

    init(queue: DispatchQueue, sink: any EventSink, stateDirectory: String, runStep: @escaping RunStep) {
        self.queue = queue
        self.sink = sink
        self.runStep = runStep
        file = JournaledStateFile(directory: stateDirectory, fileName: RollbackState.fileName, sink: sink)
    }

    /// Loads the state kept; a rollback found in progress was interrupted by a stop or a crash and
    /// fails now, escalated like any other failure; with `[coordination]` it is left to whichever
    /// host leads next (which may be this one), since another may have finished it meanwhile.
    func load(at now: Date) {
        if let loaded = file.load() { state = loaded }
        if let run = state.inProgress, coordination != nil {
            // Another host may have taken over meanwhile: the database knows, and the next claim asks it.
            return fencedOff(run, reason: "Vigil stopped in the middle of it; with [coordination], the host that leads next finishes it")
        }
        if var run = state.inProgress {
            if case .failed(let failure) = run.interrupted(at: now) {
                state.run = run
                failed(run, failure, at: now)
            }
        }
    }

    func configure(_ new: RollbackSettings?, daemonMode: RemediationRun.Mode) {
        settings = new
        mode = new?.effectiveMode(daemonMode: daemonMode) ?? daemonMode
        if let new { trigger.settings = new.trigger }
        onChanged()
    }

    /// Why every plan waits now: a rollback runs, or a failed one is held; nil otherwise.
    var holdReason: RemediationSkipReason? {
        if let hold = state.hold { return .rollbackHeld(hold.description) }
        if let run = state.inProgress { return .rollbackRunning("a rollback of \(run.bad) to \(run.target) is running") }
        return nil
    }

    var view: RollbackView? { settings == nil && state.hold == nil ? nil : RollbackView(mode: mode, state: state, refusal: refusal) }

    /// The latest `vigil rollback` refused, for the command to read in status.json.
    private var refusal: RollbackView.Refusal?

    /// `vigil rollback [--to VERSION]`: the same procedure, now, whatever the trigger and the mode
    /// say (an operator asked). Refused, journaled and shown in status.json when nothing runs,
    /// another rollback runs, the target is the running release or one Vigil rolled back.
    func startByHand(_ request: RollbackRequests.Request, at now: Date) {
        func refuse(_ reason: String) {
            refusal = RollbackView.Refusal(at: now, reason: reason)
            sink.write(.rollbackRefused(by: request.by, reason: reason))
            onChanged()
        }
        guard let settings else { return refuse("no [rollback] table in the configuration") }
        if let run = state.inProgress { return refuse("the rollback of \(run.bad) to \(run.target) is running") }
        let book = book()
        guard let running = book.running else { return refuse("the running release has not been read yet") }
        guard let target = request.to ?? book.lastKnownGood?.version else {
            return refuse("no release has been the last known good yet; name one with --to")
        }
        guard target != running else { return refuse("release \(target) is the one running") }
        guard let record = book.record(of: target) else { return refuse("Vigil never saw release \(target) run; `vigil releases` lists those it did") }
        if let outcome = record.outcome, outcome != .good {
            return refuse("release \(target) was \(outcome.rawValue); Vigil never rolls forward to it")
        }
        begin(bad: running, target: target, checks: [], requestedBy: request.by, settings: settings, at: now)
    }

    /// Whether a rollback may start now: not stopping, not held, none running.
    private var mayStart: Bool { !stopped && state.hold == nil && state.inProgress == nil }

    /// A step is running: a stop waits for it as for a remediation step.
    var isBusy: Bool { stepInFlight }

    /// After a batch of decisions or a release change: fires, waits or stays quiet.
    func evaluate(at now: Date) {
        guard let settings, mayStart else { return }
        let verdict = trigger.evaluate(book(), failures: failures(triggerChecks(settings)), at: now)
        switch verdict {
        case .quiet: timer.arm(at: nil)
        case .waiting(let until, _): timer.arm(at: until)
        case .cannot(let bad, let reason, let firstTime):
            timer.arm(at: nil)
            if firstTime { sink.write(.rollbackImpossible(bad: bad, reason: reason)) }
        case .rollBack(let bad, let good, let checks):
            timer.arm(at: nil)
            if mode == .dryRun {
                guard state.dryRunSaidFor != bad else { return }
                state.dryRunSaidFor = bad
                sink.write(.rollbackDryRun(bad: bad, target: good, checks: checks, steps: settings.steps.map { $0.substituting(version: good) }))
                save()
                return
            }
            begin(bad: bad, target: good, checks: checks, settings: settings, at: now)
        }
    }

    /// Starts the rollback: at once when this host acts alone, after leadership is claimed when
    /// `[coordination]` says several hosts share the database.
    private func begin(bad: String, target: String, checks: [String], requestedBy: String? = nil,
                       settings: RollbackSettings, at now: Date) {
        guard let coordination else {
            return start(bad: bad, target: target, checks: checks, requestedBy: requestedBy, settings: settings, at: now)
        }
        guard !claiming else { return }
        claiming = true
        Task.detached { [self] in
            let claim = await coordination.claim(key: Self.actionKey(bad), action: "rollback \(bad) to \(target)")
            queue.async { [self] in
                claiming = false
                guard mayStart else { return }
                claimed(claim, bad: bad, target: target, checks: checks, requestedBy: requestedBy, settings: settings,
                        coordination: coordination)
            }
        }
    }

    private func claimed(_ claim: Result<LeadershipSession.Claim, PostgresError>, bad: String, target: String, checks: [String],
                         requestedBy: String?, settings: RollbackSettings, coordination: HostCoordination) {
        let now = Date()
        func wait(_ reason: String) {
            if saidWaiting != reason {
                saidWaiting = reason
                sink.write(.rollbackWaiting(bad: bad, reason: reason, host: coordination.host))
            }
            timer.arm(at: WallClock.date(now, plus: coordination.retryInterval))
        }
        switch claim {
        case .failure(let error):
            wait("the [coordination] database \(coordination.settings.database) cannot be reached (\(error)); no host rolls back alone")
        case .success(.heldBy(let leader)):
            wait("\(leader) leads the hosts of [coordination] database \(coordination.settings.database); waiting for its outcome")
        case .success(.done(let host, let outcome)):
            saidWaiting = nil
            sink.write(.rollbackDoneElsewhere(bad: bad, host: host, outcome: outcome))
            mark(bad, outcome == Self.rolledBack ? .rolledBack : .failedRollback)
            onChanged()
        case .success(.leader(let epoch, let finished, let unfinished)):
            saidWaiting = nil
            start(bad: bad, target: target, checks: checks, requestedBy: requestedBy, settings: settings, at: now,
                  leadership: (epoch, finished, unfinished))
        }
    }

    /// A check was confirmed CRITICAL: during verification, one of the trigger's fails the rollback.
    func criticalConfirmed(_ check: String, at now: Date) {
        guard let settings, var run = state.run, triggerChecks(settings).contains(check),
              let action = run.criticalConfirmed(check, at: now) else { return }
        state.run = run
        proceed(action, at: now)
    }

    /// `vigil resume rollback`: lifts the hold; false when there was none.
    func resume(at now: Date) -> Bool {
        guard let hold = state.hold else { return false }
        state.hold = nil
        sink.write(.rollbackResumed(hold))
        escalation(hold.bad, "lifted by \(RollbackHold.resumeCommand)", false)
        save()
        onChanged()
        return true
    }

    /// Starts nothing more; a step in flight is recorded when it ends, and the next start finds
    /// the rollback unfinished and fails it.
    func stop() {
        stopped = true
        timer.arm(at: nil)
        save()
    }

    private func triggerChecks(_ settings: RollbackSettings) -> [String] {
        settings.trigger.checks ?? defaultTriggerChecks()
    }

    /// `leadership`: this host leads (`[coordination]`) with an epoch; the steps an earlier leader
    /// ended are not run again, nor one it began and never ended (its end is unknown, and no step
    /// runs twice): verification judges the result.
    private func start(bad: String, target: String, checks: [String], requestedBy: String? = nil,
                       settings: RollbackSettings, at now: Date,
                       leadership: (epoch: Int64, finished: [Int: String], unfinished: [Int: String])? = nil) {
        refusal = nil
        var (run, action) = RollbackRun.begin(bad: bad, target: target, checks: checks, requestedBy: requestedBy, settings: settings, at: now)
        state.run = run
        sink.write(.rollbackStarted(run, epoch: leadership?.epoch))
        if let leadership {
            while case .run(let index, _) = action {
                let detail: String
                var succeeded = true
                if let outcome = leadership.finished[index + 1] {
                    detail = "ended by an earlier leader: \(outcome)"
                    succeeded = outcome == HostCoordination.stepDone
                } else if let host = leadership.unfinished[index + 1] {
                    detail = "begun by \(host), whose leadership ended before it was seen to end; not run again"
                } else {
                    break
                }
                sink.write(.rollbackStep(run, index: index, succeeded: succeeded, detail: detail, duration: .zero))
                action = run.stepFinished(index: index, succeeded: succeeded, detail: detail, at: now)
            }
            state.run = run
        }
        onChanged()
        proceed(action, at: now)
    }

    /// Another host took over while this one ran (its epoch is newer): this host stops here, marks
    /// nothing and holds nothing; the leader finishes the rollback.
    private func fencedOff(_ run: RollbackRun, reason: String) {
        timer.arm(at: nil)
        state.run = nil
        save()
        sink.write(.rollbackFencedOff(run, reason: reason))
        onChanged()
    }

    private func proceed(_ action: RollbackRun.Action, at now: Date) {
        save()
        guard !stopped else { return }
        guard let run = state.run else { return }
        switch action {
        case .run(let index, let step): execute(step, index: index, of: run)
        case .verify(let until):
            readReleaseNow()
            timer.arm(at: until)
        case .succeeded:
            timer.arm(at: nil)
            mark(run.bad, .rolledBack)
            sink.write(.rollbackSucceeded(run))
            recordOutcome(run, Self.rolledBack)
            onChanged()
        case .failed(let failure): failed(run, failure, at: now)
        }
    }

    private func failed(_ run: RollbackRun, _ failure: RollbackFailure, at now: Date) {
        timer.arm(at: nil)
        mark(run.bad, .failedRollback)
        state.hold = RollbackHold(bad: run.bad, target: run.target, failure: failure, since: now)
        save()
        sink.write(.rollbackFailed(run, failure, escalation: ""))
        recordOutcome(run, Self.failedRollback + ": " + failure.reason)
        escalation(run.bad, "the rollback of \(run.bad) to \(run.target) failed at \(failure.stepText): \(failure.reason)", true)
        onChanged()
    }

    /// The rollback's end in `vigil_actions`, for the other hosts (off the queue; said if refused).
    private func recordOutcome(_ run: RollbackRun, _ outcome: String) {
        guard let coordination else { return }
        Task.detached { [queue, sink] in
            if let refusal = await coordination.finish(key: Self.actionKey(run.bad), step: 0, outcome: outcome) {
                queue.async { sink.write(.rollbackFencedOff(run, reason: refusal)) }
            }
        }
    }

    private func execute(_ step: RollbackStep, index: Int, of run: RollbackRun) {
        let context = RollbackStepRunner.Context(
            bad: run.bad, badFirstSeen: book().record(of: run.bad)?.firstSeen, target: run.target, configuration: configuration(),
            releasesFolder: settings.flatMap { settings in
                guard index < settings.steps.count, case .switchSymlink(_, let template) = settings.steps[index] else { return nil }
                return RollbackVersion.releasesFolder(ofTarget: template)
            })
        stepInFlight = true
        let runStep = runStep
        let coordination = coordination
        Task.detached { [self] in
            // Leadership is proved before the step and its end recorded after: a host another
            // took over from cannot start a step, and says so.
            if let refusal = await coordination?.begin(key: Self.actionKey(run.bad), step: index + 1, action: step.summary) {
                queue.async { [self] in
                    stepInFlight = false
                    fencedOff(run, reason: refusal)
                    onStepEnded()
                }
                return
            }
            var result = await runStep(step, context)
            let recorded = await coordination?.finish(key: Self.actionKey(run.bad), step: index + 1,
                                                      outcome: HostCoordination.outcome(of: result))
            if !result.succeeded, let line = result.outputTail.split(separator: "\n").last {
                result.exitStatus += ": " + line.prefix(300)
            }
            let outcome = result
            queue.async { [self] in
                stepInFlight = false
                // A stop waiting for this step may exit now, whatever became of the rollback.
                defer { onStepEnded() }
                if let recorded {
                    sink.write(.rollbackStep(run, index: index, succeeded: outcome.succeeded, detail: outcome.exitStatus, duration: outcome.duration))
                    fencedOff(run, reason: recorded)
                    return
                }
                guard var current = state.run, current.startedAt == run.startedAt, current.bad == run.bad else { return }
                sink.write(.rollbackStep(current, index: index, succeeded: outcome.succeeded, detail: outcome.exitStatus, duration: outcome.duration))
                let now = Date()
                let action = current.stepFinished(index: index, succeeded: outcome.succeeded, detail: outcome.exitStatus, at: now)
                state.run = current
                if stopped {
                    save()
                } else {
                    proceed(action, at: now)
                    onChanged()
                }
            }
        }
    }

    private func verificationDue(at now: Date) {
        guard let settings, var run = state.run else { return }
        let critical = failures(triggerChecks(settings)).map(\.check)
        let action = run.verificationDue(running: book().running, critical: critical, at: now)
        state.run = run
        proceed(action, at: now)
    }

    private func save() {
        file.save(state)
    }
}
