import Dispatch
import FoundationEssentials
import VigilCore
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
    private var stopped = false

    init(queue: DispatchQueue, sink: any EventSink, stateDirectory: String, runStep: @escaping RunStep) {
        self.queue = queue
        self.sink = sink
        self.runStep = runStep
        file = JournaledStateFile(directory: stateDirectory, fileName: RollbackState.fileName, sink: sink)
    }

    /// Loads the state kept; a rollback found in progress was interrupted by a stop or a crash and
    /// fails now, escalated like any other failure.
    func load(at now: Date) {
        if let loaded = file.load() { state = loaded }
        if var run = state.run, !run.isFinished {
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
        if let run = state.run, !run.isFinished { return .rollbackRunning("a rollback of \(run.bad) to \(run.target) is running") }
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
        if let run = state.run, !run.isFinished { return refuse("the rollback of \(run.bad) to \(run.target) is running") }
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
        start(bad: running, target: target, checks: [], requestedBy: request.by, settings: settings, at: now)
    }

    /// A step is running: a stop waits for it as for a remediation step.
    var isBusy: Bool { stepInFlight }

    /// After a batch of decisions or a release change: fires, waits or stays quiet.
    func evaluate(at now: Date) {
        guard let settings, !stopped, state.hold == nil, state.run.map(\.isFinished) ?? true else { return }
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
            start(bad: bad, target: good, checks: checks, settings: settings, at: now)
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

    private func start(bad: String, target: String, checks: [String], requestedBy: String? = nil,
                       settings: RollbackSettings, at now: Date) {
        refusal = nil
        let (run, action) = RollbackRun.begin(bad: bad, target: target, checks: checks, requestedBy: requestedBy, settings: settings, at: now)
        state.run = run
        sink.write(.rollbackStarted(run))
        onChanged()
        proceed(action, at: now)
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
        escalation(run.bad, "the rollback of \(run.bad) to \(run.target) failed at \(failure.stepText): \(failure.reason)", true)
        onChanged()
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
        Task.detached { [self] in
            var result = await runStep(step, context)
            if !result.succeeded, let line = result.outputTail.split(separator: "\n").last {
                result.exitStatus += ": " + line.prefix(300)
            }
            let outcome = result
            queue.async { [self] in
                stepInFlight = false
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
                onStepEnded()
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
