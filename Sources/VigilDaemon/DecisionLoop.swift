import Dispatch
import FoundationEssentials
import Glibc
import Logging
import VigilConfig
import VigilCore
import VigilFiles
import VigilMetrics
import VigilNotify
import VigilProbes
import VigilProcess
import VigilSystemd

/// The daemon's heart: one serial queue owns every piece of mutable state (the configuration,
/// the timers, the latest results), so nothing is shared and nothing is locked. Probes run
/// elsewhere with their own deadlines and hand their results back to this queue.
///
/// Every result goes through the `DecisionEngine`, whose decisions are journaled and whose
/// remediation steps run off the queue; what they change is saved to the state directory
/// (`StatePersistence`) and loaded at start, so a restart forgets no budget and no backoff.
///
/// The watchdog is pinged from this queue too: if the loop wedges, the pings stop and systemd
/// restarts the daemon.
public final class DecisionLoop: @unchecked Sendable {
    public struct Options: Sendable {
        public var configPaths: [String]
        public var version: String
        /// For testing the watchdog: wedge the loop this long after start.
        public var wedgeAfter: Duration?
        public var environment: [String: String]
        /// Executes one remediation step (exec, restart_unit, notify).
        public var executeStep: @Sendable (RemediationStep) async -> RemediationStepOutcome
        /// Where `executeStep` records its steps' process groups; what an earlier daemon left
        /// there is killed at start, before anything is spawned.
        public var stepGroups: StepGroupRegistry?
        /// Delivers one notification through one notifier (blocking, bounded by its timeout).
        public var sendNotification: NotificationOutbox.Send

        public init(configPaths: [String], version: String, wedgeAfter: Duration? = nil,
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    executeStep: @escaping @Sendable (RemediationStep) async -> RemediationStepOutcome,
                    stepGroups: StepGroupRegistry? = nil, sendNotification: NotificationOutbox.Send? = nil) {
            self.configPaths = configPaths
            self.version = version
            self.wedgeAfter = wedgeAfter
            self.environment = environment
            self.executeStep = executeStep
            self.stepGroups = stepGroups
            let sender = NotificationSender(environment: environment)
            self.sendNotification = sendNotification ?? { delivery, notifier in sender.send(delivery, via: notifier) }
        }
    }

    private let queue = DispatchQueue(label: "vigil.decision-loop")
    private let options: Options
    private let sink: any EventSink
    private let notifier: ServiceNotifier
    private let logger: Logger

    // Everything below is touched on `queue` only.
    private var configuration: VigilConfiguration
    private var probes: ProbeFactory
    private var checks: [String: ScheduledCheck] = [:]
    private var tracker = StatusTracker()
    private var engine: DecisionEngine
    private let persistence: StatePersistence
    /// Incidents opened by confirmed failures, kept in the state directory.
    private let incidents: IncidentDesk
    /// Every notification, on disk until delivered or given up.
    private let outbox: NotificationOutbox
    /// `[[maintenance]]` windows and `vigil silence`: the checks they cover open no incident and run no remediation.
    private let maintenance: MaintenanceDesk
    /// `[release]`: the running version and the last known good.
    private let releases: ReleaseWatch
    /// `[rollback]`: a bad release put back to the last known good, and the hold a failed one leaves.
    private let rollbacks: RollbackDesk
    /// Wakes the engine at its next grace end or verification deadline.
    private lazy var deadlineTimer = DeadlineTimer(queue: queue) { [unowned self] _ in
        perform(engine.timePassed(at: Date()))
        scheduleRefresh()
    }
    /// Remediation steps in flight; a stop waits for them as for probes.
    private var runningSteps = 0
    private let startedAt = Date()
    private var statusLine = ""
    private var rejectedReload: String?
    private var statusFileFailure: String?
    private var signalSources: [DispatchSourceSignal] = []
    private var watchdogTimer: DispatchSourceTimer?
    private var isStopping = false
    private var refreshPending = false
    private var statusRefreshPending = false
    private var lastStatusRefresh = ContinuousClock.now
    /// The deadlines of the blocking probes in flight, one timer for all of them.
    private lazy var runDeadlines = RunDeadlines(queue: queue)
    /// `[backup] daily_at` or `every`: the daemon's own backups.
    private lazy var backups = ScheduledBackup(queue: queue, sink: sink, logger: logger)
    /// `[[sample]]` results judged against their baselines, and every check's own duration.
    private lazy var samples = SampleDesk(queue: queue, sink: sink,
                                          stateDirectory: StateDirectory.path(for: configuration.daemon, environment: options.environment))
    /// `[metrics]`: the series Prometheus scrapes, and the listener that serves them.
    private let metrics: MetricsDesk
    /// `exclusive = true` plans: run only while this host leads the hosts of `[coordination]`.
    private lazy var exclusivePlans = ExclusivePlans(queue: queue, sink: sink)

    /// How long results are gathered before their decisions are saved.
    static let refreshDelay: Duration = .milliseconds(250)
    /// How often at most STATUS= and status.json are rebuilt from every check's latest result.
    static let statusInterval: Duration = .seconds(1)

    public init(configuration: VigilConfiguration, options: Options, sink: any EventSink,
                notifier: ServiceNotifier = ServiceNotifier(), logger: Logger) {
        Self.unblockHandledSignals()
        // Every entry is counted for the metrics on its way to the journal, whichever duty writes it.
        let registry = MetricsRegistry(version: options.version, startedAt: Date())
        let sink = MetricsCountingSink(wrapped: sink, registry: registry)
        metrics = MetricsDesk(registry: registry, sink: sink)
        self.configuration = configuration
        self.options = options
        self.sink = sink
        self.notifier = notifier
        self.logger = logger
        probes = Self.probeFactory(for: configuration, environment: options.environment, sink: sink, queue: queue)
        engine = DecisionEngine(configuration: configuration)
        persistence = StatePersistence(directory: StateDirectory.path(for: configuration.daemon, environment: options.environment),
                                       queue: queue, sink: sink)
        incidents = IncidentDesk(queue: queue, sink: sink,
                                 stateDirectory: StateDirectory.path(for: configuration.daemon, environment: options.environment))
        outbox = NotificationOutbox(queue: queue, sink: sink,
                                    stateDirectory: StateDirectory.path(for: configuration.daemon, environment: options.environment),
                                    notifiers: configuration.incidents.notifiers, send: options.sendNotification)
        maintenance = MaintenanceDesk(queue: queue, sink: sink,
                                      stateDirectory: StateDirectory.path(for: configuration.daemon, environment: options.environment),
                                      windows: configuration.maintenance)
        releases = ReleaseWatch(queue: queue, sink: sink,
                                stateDirectory: StateDirectory.path(for: configuration.daemon, environment: options.environment))
        let rollbackSteps = RollbackStepRunner(executor: StepExecutor(groups: options.stepGroups))
        rollbacks = RollbackDesk(queue: queue, sink: sink,
                                 stateDirectory: StateDirectory.path(for: configuration.daemon, environment: options.environment),
                                 runStep: { step, context in await rollbackSteps.execute(step, context) })
    }

    /// Installs signal handling, arms the timers and the watchdog, then tells systemd READY=1.
    public func start() {
        queue.sync {
            installSignalHandlers()
            dropStaleRequests()
            if let groups = options.stepGroups, case let killed = groups.killLeftovers(), !killed.isEmpty {
                sink.write(.leftoverStepsKilled(killed, recordedIn: groups.path))
            }
            incidents.onChanged = { [unowned self] in scheduleRefresh() }
            incidents.currentActions = { [unowned self] incident in currentActions(for: incident) }
            incidents.deliver = { [unowned self] deliveries in outbox.enqueue(deliveries) }
            outbox.onGaveUp = { [unowned self] delivery, reason in incidents.deliveryGaveUp(delivery, reason: reason, at: Date()) }
            outbox.onChanged = { [unowned self] in scheduleRefresh() }
            // What an earlier run left to deliver is due first; the incidents' own deadlines come after.
            // It begins once the incidents are loaded, so a delivery given up at once (its notifier
            // gone from the configuration) reaches its incident: the timeline, the next level.
            outbox.restore()
            incidents.configure(configuration.incidents)
            incidents.load()
            outbox.start()
            restoreState()
            maintenance.onChanged = { [unowned self] in maintenanceChanged() }
            maintenance.load(at: Date())
            for name in engine.heldBack.keys.sorted() {
                if let failure = engine.standingFailure(of: name) { incidents.keepAside(failure) }
            }
            releases.onChanged = { [unowned self] in
                rollbacks.evaluate(at: Date())
                scheduleRefresh()
            }
            releases.load()
            releases.configure(configuration.release)
            releases.criticalChanged(engine.anyConfirmedCritical, at: Date())
            startRollbacks()
            persistence.startSoftHistoryTimer { [unowned self] in engine.state }
            samples.configure(configuration.enabledChecks)
            for check in configuration.enabledChecks { schedule(check) }
            backups.onEnded = { [unowned self] in exitWhenIdle() }
            backups.onChanged = { [unowned self] in scheduleRefresh() }
            backups.currentRelease = { [unowned self] in releases.running }
            backups.configure(configuration)
            startWatchdog()
            metrics.configure(configuration.metrics, checks: configuration.enabledChecks)
            sink.write(.started(configuration, version: options.version))
            refreshStatus(force: true)
            notifier.ready(status: statusLine)
            if let wedgeAfter = options.wedgeAfter { wedge(after: wedgeAfter) }
        }
    }

    /// Tells the rollback desk where to look and what to call, then loads what it kept: a rollback
    /// a stop interrupted fails now and holds the engine before any check runs.
    private func startRollbacks() {
        rollbacks.book = { [unowned self] in releases.book }
        rollbacks.failures = { [unowned self] names in confirmedFailures(of: names) }
        rollbacks.defaultTriggerChecks = { [unowned self] in configuration.enabledChecks.filter { $0.severity == .p0 }.map(\.name) }
        rollbacks.configuration = { [unowned self] in configuration }
        rollbacks.mark = { [unowned self] version, outcome in releases.mark(version, outcome) }
        rollbacks.readReleaseNow = { [unowned self] in releases.readSoon() }
        rollbacks.escalation = { [unowned self] bad, reason, opened in
            // The incident is named for the rollback, with a space no check name can have.
            incidents.confirmed(ConfirmedChange(check: "rollback \(bad)", status: opened ? .critical : .healthy,
                                                previous: opened ? .healthy : .critical, severity: .p0, reason: reason), at: Date())
        }
        rollbacks.onChanged = { [unowned self] in
            engine.holdAll(rollbacks.holdReason)
            scheduleRefresh()
        }
        rollbacks.onStepEnded = { [unowned self] in exitWhenIdle() }
        exclusivePlans.onChanged = { [unowned self] reason in
            engine.holdExclusive(reason)
            scheduleRefresh()
        }
        coordinate(configuration)
        rollbacks.load(at: Date())
        rollbacks.configure(configuration.rollback, daemonMode: configuration.daemon.mode)
    }

    /// `[coordination]`: one leadership session on its database, for the rollbacks and the
    /// exclusive plans; kept across a reload that changes neither the table nor the database's
    /// conninfo, so leadership is not given up by a reload.
    private func coordinate(_ configuration: VigilConfiguration) {
        if let settings = configuration.coordination, let database = configuration.databases[settings.database] {
            let current = rollbacks.coordination
            if current?.settings != settings || current?.conninfo != database.conninfo {
                rollbacks.coordination = HostCoordination(settings: settings, conninfo: database.conninfo)
            }
        } else {
            rollbacks.coordination = nil
        }
        exclusivePlans.configure(rollbacks.coordination, wanted: configuration.remediationPlans.values.contains(where: \.exclusive))
    }

    /// The named enabled checks that are confirmed CRITICAL: since when, and what may explain it.
    private func confirmedFailures(of names: [String]) -> [RollbackTrigger.Failure] {
        let now = Date()
        let enabled = Set(configuration.enabledChecks.map(\.name))
        return names.compactMap { name in
            guard enabled.contains(name), let memory = engine.state.checks[name], memory.state.hard == .critical,
                  let since = memory.state.since else { return nil }
            return RollbackTrigger.Failure(check: name, since: since, suppressedBy: memory.suppressedBy,
                                           flapping: memory.flapping.isFlapping,
                                           coveredBy: maintenance.cover(of: name, at: now)?.description)
        }
    }

    // MARK: - Checks

    /// Probes journal through the loop's queue, like everything else; `event_store` checks keep
    /// their progress in the state directory.
    private static func probeFactory(for configuration: VigilConfiguration, environment: [String: String],
                                     sink: any EventSink, queue: DispatchQueue) -> ProbeFactory {
        let journal: @Sendable (JournalEvent) -> Void = { event in queue.async { sink.write(event) } }
        let progress = EventStoreProgressFiles(stateDirectory: StateDirectory.path(for: configuration.daemon, environment: environment),
                                               report: journal)
        return ProbeFactory(configuration: configuration, eventStoreProgress: progress, journal: journal)
    }

    private func schedule(_ definition: CheckDefinition) {
        let name = definition.name
        checks[name] = ScheduledCheck(definition, queue: queue) { [weak self] in self?.tick(name) }
    }

    private func tick(_ name: String) {
        guard !isStopping, let check = checks[name] else { return }
        metrics.series.timerFired(late: check.lateness(at: .now()))
        switch check.overrun.tick() {
        case .start:
            let definition = check.definition
            let (verdict, outputs) = engine.callRequested(name, at: Date())
            perform(outputs)
            if case let .answered(result) = verdict {
                // Answered without touching the target: a dependency is CRITICAL or the circuit is open.
                _ = check.overrun.finished()
                tracker.record(result)
                metrics.series.recorded(result, severity: definition.severity)
                scheduleRefresh()
                return
            }
            let probe = probes.probe(for: definition)
            if let blocking = probe as? any BlockingProbe {
                check.blockingRun = true
                ProbeRunner.start(definition, probe: blocking, deadlines: runDeadlines,
                                  deliver: { [self] result in finished(result, of: check) },
                                  workEnded: { [self] in workEnded(of: check) })
                return
            }
            check.task = Task.detached { [self] in
                let result = await ProbeRunner.run(definition, probe: probe, workEnded: {
                    self.queue.async { self.workEnded(of: check) }
                })
                queue.async { self.finished(result, of: check) }
            }
        case .skip(let firstOfEpisode):
            if firstOfEpisode { sink.write(.overrun(check.definition)) }
        }
    }

    /// The probe really returned (its children reaped): only now may the check run again.
    private func workEnded(of check: ScheduledCheck) {
        check.task = nil
        check.blockingRun = false
        if let skipped = check.overrun.finished() {
            logger.info("run finished after skipping ticks", metadata: ["check": "\(check.definition.name)", "skipped": "\(skipped)"])
        }
        exitWhenIdle()
    }

    private func finished(_ result: CheckResult, of check: ScheduledCheck) {
        // A result from a check that a reload replaced or removed is stale.
        guard !isStopping, checks[check.definition.name] === check else { return }
        logger.debug("check finished", metadata: [
            "check": "\(result.name)", "status": "\(result.status.rawValue)",
            "duration_ms": "\(NumberText.format(result.durationMs))",
        ])
        let now = Date()
        let judged = samples.judged(result, at: now)
        tracker.record(judged)
        perform(engine.resultArrived(judged, at: now))
        metrics.series.recorded(judged, severity: check.definition.severity)
        scheduleRefresh()
    }

    // MARK: - Decisions

    /// Journals the engine's decisions, starts the steps it asks for and hands confirmed changes to the incident desk.
    private func perform(_ outputs: [EngineOutput]) {
        // An attempt is on disk before its step runs, so a crash mid-step cannot hand the attempt back.
        if outputs.contains(where: { if case .executeStep = $0 { true } else { false } }) { persistence.decisionsMade(engine.state) }
        for output in outputs {
            switch output {
            case .journal(let event):
                sink.write(event)
                incidents.remediationDecided(event, at: Date())
            case .executeStep(let request): execute(request)
            case .confirmed(let change):
                let now = Date()
                incidents.confirmed(change, at: now, heldBy: maintenance.cover(of: change.check, at: now)?.description)
                releases.criticalChanged(engine.anyConfirmedCritical, at: now)
                if change.status == .critical { rollbacks.criticalConfirmed(change.check, at: now) }
                rollbacks.evaluate(at: now)
            case .flappingEnded(let check): incidents.flappingEnded(check: check, at: Date())
            }
        }
        armDeadlineTimer()
    }

    /// Runs one remediation step off the queue and hands its outcome back to the engine.
    private func execute(_ request: StepRequest) {
        runningSteps += 1
        let run = exclusivePlans.run(request, execute: options.executeStep)
        Task.detached { [self] in
            let outcome = await run()
            queue.async { [self] in
                runningSteps -= 1
                if !isStopping {
                    perform(engine.stepFinished(slot: request.slot, index: request.index, outcome: outcome, at: Date()))
                    scheduleRefresh()
                }
                exitWhenIdle()
            }
        }
    }

    /// Wakes the engine at its next grace end or verification deadline, which may pass with no result.
    /// Called after every batch of decisions: the timer is replaced only when the deadline moved.
    private func armDeadlineTimer() {
        deadlineTimer.arm(at: isStopping ? nil : engine.nextDeadline)
    }

    /// A window or silence started or ended: the engine holds back the covered checks' remediation,
    /// and the incident desk lets the others' confirmed changes through.
    private func maintenanceChanged() {
        let now = Date()
        let held = maintenance.held(configuration.enabledChecks.map(\.name), at: now)
        engine.hold(held)
        incidents.release(keeping: Set(held.keys), at: now)
        scheduleRefresh()
    }

    // MARK: - State

    /// Loads what the engine decided before this start (a file that cannot be trusted is set aside
    /// and reported, and the engine starts clean), then writes it back as a new snapshot.
    private func restoreState() {
        if let state = persistence.load() {
            engine = DecisionEngine(configuration: configuration, state: state)
        }
        perform(engine.recoverInterruptedWork(at: Date()))
        persistence.rewrite(engine.state)
    }

    /// Results arrive one by one and are taken in batches of `refreshDelay`: each batch's decisions
    /// are saved, then the report over all checks is rebuilt and written at most every
    /// `statusInterval`, so its cost grows with the number of checks, not with their results.
    private func scheduleRefresh() {
        guard !refreshPending else { return }
        refreshPending = true
        let delay = Int(DurationText.milliseconds(Self.refreshDelay))
        queue.asyncAfter(deadline: .now() + .milliseconds(delay)) { [self] in
            refreshPending = false
            if !isStopping {
                persistence.decisionsMade(engine.state)
                scheduleStatusRefresh()
            }
        }
    }

    /// Rewrites the report when `statusInterval` has passed since the last time, or then.
    private func scheduleStatusRefresh() {
        guard !statusRefreshPending else { return }
        statusRefreshPending = true
        let wait = max(DurationText.milliseconds(lastStatusRefresh + Self.statusInterval - ContinuousClock.now), 0)
        queue.asyncAfter(deadline: .now() + .milliseconds(Int(wait))) { [self] in
            statusRefreshPending = false
            if !isStopping { refreshStatus() }
        }
    }

    /// Recomputes the report; updates STATUS= when its line changed and rewrites status.json.
    private func refreshStatus(force: Bool = false) {
        lastStatusRefresh = ContinuousClock.now
        let report = tracker.report(for: configuration.enabledChecks, at: Date())
        var line = report.statusLine
        let open = incidents.unresolved.count
        if open > 0 { line += " · \(open) incident\(open == 1 ? "" : "s") open" }
        if let rejectedReload { line = "reload rejected: \(rejectedReload) · \(line)" }
        if force || line != statusLine {
            statusLine = line
            notifier.status(line)
        }
        let decisions = engine.snapshot(at: Date())
        let sampleViews = samples.views
        metrics.series.refreshed(decisions, samples: sampleViews, incidentsOpen: open)
        writeStatusFile(report, decisions: decisions, samples: sampleViews)
    }

    private var releaseView: ReleaseView? {
        var view = releases.view
        view?.rollback = rollbacks.view
        return view
    }

    private func writeStatusFile(_ report: HealthReport, decisions: DecisionSnapshot, samples sampleViews: [SampleView]) {
        let file = StatusFile(path: StatusFile.path(for: configuration.daemon, environment: options.environment))
        do {
            let writer = StatusDocument.Writer(pid: getpid(), version: options.version, startedAt: startedAt)
            try file.write(StatusDocument(report: report, decisions: decisions, daemon: writer, backups: backups.view,
                                          incidents: incidents.unresolved.map(IncidentView.init),
                                          notifications: outbox.summary,
                                          maintenance: maintenance.views(at: Date()), release: releaseView,
                                          coordination: exclusivePlans.view, samples: sampleViews, metrics: metrics.view))
            statusFileFailure = nil
        } catch {
            // Said once per episode, not on every result.
            if statusFileFailure != error.description {
                statusFileFailure = error.description
                sink.write(.daemonError("cannot write the status file", reason: error.description))
            }
        }
    }

    // MARK: - Reload

    private func reload() {
        notifier.reloading()
        switch ConfigLoader.load(paths: options.configPaths) {
        case .failure(let errors):
            let texts = errors.errors.map(\.description)
            sink.write(.reloadRejected(errors: texts))
            rejectedReload = texts.first ?? "invalid configuration"
            refreshStatus()
            notifier.ready()
        case .success(let new):
            apply(new)
            rejectedReload = nil
            refreshStatus(force: true)
            notifier.ready()
        }
    }

    /// Swaps in a validated configuration: unchanged checks keep their timers and state.
    private func apply(_ new: VigilConfiguration) {
        var change = CheckSetChange(from: configuration.enabledChecks, to: new.enabledChecks)
        // A postgres check whose database's conninfo changed is a changed check too.
        let reconnecting = change.unchanged.filter { name in
            let database: String
            switch checks[name]?.definition.kind {
            case .postgres(let settings)?: database = settings.database
            case .eventStore(let settings)?: database = settings.database
            default: return false
            }
            return configuration.databases[database] != new.databases[database]
        }
        change.unchanged.removeAll(where: reconnecting.contains)
        change.changed += new.enabledChecks.filter { reconnecting.contains($0.name) }

        for name in change.removed + change.changed.map(\.name) {
            checks.removeValue(forKey: name)?.cancel()
        }
        tracker.retain(only: Set(change.unchanged))
        let previous = Dictionary(configuration.enabledChecks.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let lookingElsewhere = change.changed.filter { previous[$0.name] != $0.kind }.map(\.name) + reconnecting
        configuration = new
        engine.configure(new, lookingElsewhere: Set(lookingElsewhere))
        probes = Self.probeFactory(for: new, environment: options.environment, sink: sink, queue: queue)
        samples.configure(new.enabledChecks)
        for check in change.added + change.changed { schedule(check) }
        backups.configure(new)
        incidents.configure(new.incidents)
        outbox.updateSettings(new.incidents.notifiers)
        sink.write(.reloaded(new, change: change))
        maintenance.configure(new.maintenance, at: Date())
        releases.configure(new.release)
        rollbacks.configure(new.rollback, daemonMode: new.daemon.mode)
        coordinate(new)
        metrics.configure(new.metrics, checks: new.enabledChecks)
    }

    /// The template's `{current_actions}`: the remediation plans of the incident's checks, as status.json shows them.
    private func currentActions(for incident: Incident) -> String {
        let planOfCheck = Dictionary(configuration.checks.compactMap { check in check.remediation.map { (check.name, $0) } },
                                     uniquingKeysWith: { first, _ in first })
        return CurrentActions.text(for: incident, planOfCheck: planOfCheck, plans: engine.snapshot(at: Date()).plans, at: Date())
    }

    // MARK: - Operator requests

    /// `vigil resume NAME` and `vigil ack ID` drop a request file and send SIGUSR1: each posted plan
    /// is re-armed, each posted incident acknowledged, and status.json is rewritten at once, since
    /// the commands wait there to see the outcome.
    private func takeOperatorRequests() {
        for plan in resumeRequests.take() {
            // `vigil resume rollback` lifts a failed rollback's hold; without one, it resumes a plan of that name.
            if plan == RollbackHold.resumeName, rollbacks.resume(at: Date()) { continue }
            perform(engine.resume(plan: plan, at: Date()))
        }
        let acks = ackRequests.take()
        for path in acks.problems {
            sink.write(JournalEvent(kind: nil, priority: .warning, message: "removed \(path): not an acknowledgement request", fields: []))
        }
        for request in acks.requests {
            incidents.acknowledge(request, at: Date())
        }
        let rollback = rollbackRequests.take()
        if let path = rollback.problem {
            sink.write(JournalEvent(kind: nil, priority: .warning, message: "removed \(path): not a rollback request", fields: []))
        }
        if let request = rollback.request { rollbacks.startByHand(request, at: Date()) }
        let silences = silenceRequests.take()
        for path in silences.problems {
            sink.write(JournalEvent(kind: nil, priority: .warning, message: "removed \(path): not a silence request", fields: []))
        }
        maintenance.take(silences.requests, at: Date())
        persistence.decisionsMade(engine.state)
        refreshStatus(force: true)
    }

    /// Requests left from before this start were posted to a daemon that died before taking them;
    /// acting on them now would surprise whoever posted them, so they are dropped and said.
    private func dropStaleRequests() {
        for plan in resumeRequests.take() {
            sink.write(JournalEvent(kind: nil, priority: .notice,
                                    message: "dropped a resume request for plan \(plan) left from before this start; run `vigil resume \(plan)` again if it is still wanted",
                                    fields: [JournalEvent.Field("PLAN", plan), JournalEvent.Field("DECISION", "resume-dropped")]))
        }
        for request in silenceRequests.take().requests {
            sink.write(JournalEvent(kind: nil, priority: .notice,
                                    message: "dropped a silence request by \(request.by) left from before this start; run `vigil silence` again if it is still wanted",
                                    fields: [JournalEvent.Field("BY", request.by)]))
        }
        if let request = rollbackRequests.take().request {
            sink.write(JournalEvent(kind: nil, priority: .notice,
                                    message: "dropped a rollback request by \(request.by) left from before this start; run `vigil rollback` again if it is still wanted",
                                    fields: [JournalEvent.Field("BY", request.by)]))
        }
        let acks = ackRequests.take()
        for request in acks.requests {
            sink.write(JournalEvent(kind: nil, priority: .notice,
                                    message: "dropped a request by \(request.by) to acknowledge incident \(request.id) left from before this start; run `vigil ack \(request.id)` again if it is still wanted",
                                    fields: [JournalEvent.Field("INCIDENT_ID", request.id.description)]))
        }
    }

    private var resumeRequests: ResumeRequests {
        ResumeRequests(besideStatusFile: StatusFile.path(for: configuration.daemon, environment: options.environment))
    }

    private var silenceRequests: SilenceRequests {
        SilenceRequests(besideStatusFile: StatusFile.path(for: configuration.daemon, environment: options.environment))
    }

    private var rollbackRequests: RollbackRequests {
        RollbackRequests(besideStatusFile: StatusFile.path(for: configuration.daemon, environment: options.environment))
    }

    private var ackRequests: AckRequests {
        AckRequests(besideStatusFile: StatusFile.path(for: configuration.daemon, environment: options.environment))
    }

    // MARK: - Signals, watchdog, stop

    private func installSignalHandlers() {
        let handlers: [(Int32, @Sendable () -> Void)] = [
            (SIGHUP, { [self] in reload() }),
            (SIGUSR1, { [self] in takeOperatorRequests() }),
            (SIGTERM, { [self] in stop(signal: "SIGTERM") }),
            (SIGINT, { [self] in stop(signal: "SIGINT") }),
        ]
        for (number, handler) in handlers {
            signal(number, SIG_IGN)
            // A burst of the same signal arriving while a handler runs is delivered once.
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler(handler: handler)
            source.resume()
            signalSources.append(source)
        }
    }

    /// A parent may start Vigil with signals blocked (the mask is inherited); a blocked SIGHUP or
    /// SIGUSR1 would never reach its handler. Called on the main thread before any other thread
    /// exists, so every thread inherits the unblocked mask.
    private static func unblockHandledSignals() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGHUP, SIGTERM, SIGINT, SIGUSR1] { sigaddset(&signals, number) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    private func startWatchdog() {
        guard let interval = ServiceNotifier.watchdogInterval() else { return }
        let half = max(DurationText.milliseconds(interval) / 2, 1)
        let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        timer.schedule(deadline: .now(), repeating: .milliseconds(Int(half)), leeway: .milliseconds(Int(half / 10)))
        let notifier = notifier
        timer.setEventHandler { notifier.watchdog() }
        timer.resume()
        watchdogTimer = timer
    }

    /// Blocks the loop for good, as a bug would: the watchdog pings stop with it.
    private func wedge(after delay: Duration) {
        let milliseconds = Int(DurationText.milliseconds(delay))
        queue.asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { [logger] in
            logger.warning("wedging the decision loop on request (--debug-wedge-loop-after)")
            while true { sleep(60) }
        }
    }

    /// Cancels every run and kills plugin process groups (a running backup's too, which is then
    /// journaled as failed), then exits 0 once the runs have reported back or `stop_timeout` has
    /// passed, whichever comes first.
    private func stop(signal: String) {
        guard !isStopping else { return }
        isStopping = true
        notifier.stopping()
        sink.write(.stopping(signal: signal))
        watchdogTimer?.cancel()
        deadlineTimer.arm(at: nil)
        incidents.stop()
        outbox.stop()
        maintenance.stop()
        releases.stop()
        rollbacks.stop()
        persistence.stop(engine.state)
        samples.flush()
        metrics.stop()
        for check in checks.values {
            check.timer.cancel()
            check.task?.cancel()
        }
        backups.stop(signal: signal)
        ChildProcess.killAllRunning()
        exitWhenIdle()
        let grace = Int(DurationText.milliseconds(configuration.daemon.stopTimeout))
        queue.asyncAfter(deadline: .now() + .milliseconds(grace)) { exit(0) }
    }

    private func exitWhenIdle() {
        if isStopping, runningSteps == 0, !backups.isRunning, !rollbacks.isBusy, checks.values.allSatisfy({ !$0.isRunning }) { exit(0) }
    }
}
