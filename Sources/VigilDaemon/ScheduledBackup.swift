import Dispatch
import FoundationEssentials
import Glibc
import Logging
import VigilBackup
import VigilCore
import VigilProcess
import VigilSystemd

/// The daemon's own backups (`[backup] daily_at` or `every`). A wall-clock timer fires at the next
/// due time (`BackupSchedule.nextDue`, from what the destination holds); the backup runs on a queue
/// of its own, since it blocks for minutes; one runs at a time; when it ends, success or failure,
/// the next due time is computed again.
///
/// Touched on the decision loop's queue only (hence unchecked); the running backup's
/// cancellation is the one thing another thread reads.
final class ScheduledBackup: @unchecked Sendable {
    private let queue: DispatchQueue
    private let worker = DispatchQueue(label: "vigil.backup")
    private let sink: any EventSink
    private let logger: Logger
    private let timeZone: any UTCOffsets
    private var settings: BackupSettings?
    private var database: DatabaseSettings?
    /// The `event_store` checks of the backed-up database, for `verify = "restore"`.
    private var eventStores: [EventStoreCheckSettings] = []
    private var timer: DispatchSourceTimer?
    /// The running backup's cancellation, `nil` when none runs.
    private var running: ChildCancellation?
    /// When this daemon last started a backup: a failure the destination could not record is not retried in a loop.
    private var lastStarted: Date?
    private var stopped = false

    /// When the armed timer fires; `nil` without a schedule, while a backup runs, or once stopped.
    private(set) var nextDue: Date?
    /// Called on the loop's queue after a backup ended, so a stopping loop can exit.
    var onEnded: () -> Void = {}
    /// Called on the loop's queue when a backup starts or ends, so status.json shows it.
    var onChanged: () -> Void = {}
    /// The platform's version running now (`[release]`), recorded in each backup's manifest.
    var currentRelease: () -> String? = { nil }

    var isRunning: Bool { running != nil }

    /// For `status.json`: the schedule, and when the next backup is due or since when one runs.
    var view: BackupScheduleView? {
        guard let settings, let schedule = settings.schedule else { return nil }
        return BackupScheduleView(schedule: schedule, destination: settings.destination, nextDue: nextDue,
                                  runningSince: running == nil ? nil : lastStarted)
    }

    init(queue: DispatchQueue, sink: any EventSink, logger: Logger, timeZone: any UTCOffsets = SystemTimeZone()) {
        self.queue = queue
        self.sink = sink
        self.logger = logger
        self.timeZone = timeZone
    }

    /// Takes `[backup]` of a configuration just loaded: a schedule (re)arms the timer, none cancels
    /// it. A running backup ends with the settings it started with; the next one uses these.
    /// A reload that changed neither keeps the armed timer, so a pending catch-up is not pushed back.
    func configure(_ configuration: VigilConfiguration) {
        let newSettings = configuration.backup?.schedule == nil ? nil : configuration.backup
        let newDatabase = newSettings.map { configuration.databases[$0.database] ?? DatabaseSettings(name: $0.database, conninfo: "") }
        let newEventStores = newSettings.map { BackupRunner.eventStores(of: $0.database, in: configuration.checks) } ?? []
        guard newSettings != settings || newDatabase != database || newEventStores != eventStores || (timer == nil && running == nil)
        else { return }
        settings = newSettings
        database = newDatabase
        eventStores = newEventStores
        if running == nil { arm() }
    }

    /// The daemon stops: no further backup, and a running one is abandoned (its child's group
    /// ended, its partial folder removed, a `backup-failed` entry with the signal as its reason).
    func stop(signal: String) {
        stopped = true
        cancelTimer()
        running?.cancel(reason: "stopped by \(signal)")
    }

    private func arm() {
        cancelTimer()
        guard !stopped, let settings, let schedule = settings.schedule else { return }
        let newestVerified = BackupCatalog.verified(destination: settings.destination).first?.createdAt
        let failedAt = BackupFailureRecord.read(destination: settings.destination)?.failedAt
        let lastAttempt = [failedAt, lastStarted].compactMap { $0 }.max()
        let due = schedule.nextDue(at: Date(), newestVerified: newestVerified, lastAttempt: lastAttempt, timeZone: timeZone)
        nextDue = due
        let leeway = min(DurationText.milliseconds(schedule.period) / 100, 1000)
        let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        timer.schedule(wallDeadline: Self.wallTime(due), leeway: .milliseconds(Int(leeway)))
        timer.setEventHandler { [weak self] in self?.fire() }
        timer.resume()
        self.timer = timer
        logger.debug("next backup", metadata: ["due": "\(WallClock.text(due))", "destination": "\(settings.destination)"])
    }

    private func fire() {
        guard let due = nextDue, running == nil, !stopped else { return }
        // The backup's name is its start time: it must not fall before the slot, or the slot would count as missed.
        guard Date() >= due else { return arm() }
        start()
    }

    private func start() {
        guard let settings, let database else { return }
        cancelTimer()
        let cancellation = ChildCancellation()
        running = cancellation
        let startedAt = Date()
        lastStarted = startedAt
        let started = ContinuousClock.now
        var configured = BackupRunner(settings: settings, database: database, eventStores: eventStores)
        configured.release = currentRelease()
        let runner = configured
        logger.debug("backup started", metadata: ["destination": "\(settings.destination)"])
        onChanged()
        worker.async { [self] in
            let result: Result<BackupRunner.Outcome, BackupError>
            do throws(BackupError) {
                result = .success(try runner.run(at: startedAt, cancellation: cancellation))
            } catch {
                result = .failure(error)
            }
            let durationMs = DurationText.elapsedMilliseconds(since: started)
            queue.async { [self] in ended(result, startedAt: startedAt, durationMs: durationMs) }
        }
    }

    private func ended(_ result: Result<BackupRunner.Outcome, BackupError>, startedAt: Date, durationMs: Double) {
        running = nil
        switch result {
        case .success(let outcome):
            sink.write(.backupFinished(outcome.manifest, path: outcome.path, durationMs: durationMs, removed: outcome.removed))
        case .failure(let error):
            sink.write(.backupFailed(name: BackupName(createdAt: startedAt).description, step: error.step, reason: error.reason,
                                     durationMs: durationMs, bytes: error.bytesWritten))
        }
        arm()
        onChanged()
        onEnded()
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        nextDue = nil
    }

    static func wallTime(_ date: Date) -> DispatchWallTime {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return DispatchWallTime(timespec: timespec(tv_sec: Int(seconds), tv_nsec: Int((date.timeIntervalSince1970 - seconds) * 1e9)))
    }
}
