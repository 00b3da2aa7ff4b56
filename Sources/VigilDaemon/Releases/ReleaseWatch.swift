import Dispatch
import FoundationEssentials
import VigilCore
import VigilSystemd

/// The daemon's release tracking: reads the running version every `[release] every` (off the
/// queue: a command may take its timeout), hands it to the `ReleaseTracker`, journals what it
/// decides and keeps the book in `<state_dir>/releases.json`, written when a decision changed it
/// (a version change, a new last known good) and at a stop. One timer at the moment the running
/// version would become good.
///
/// Touched on the decision loop's queue only (hence unchecked).
final class ReleaseWatch: @unchecked Sendable {
    private let queue: DispatchQueue
    private let sink: any EventSink
    private let file: JournaledStateFile<ReleaseBook>
    private var settings: ReleaseSettings?
    private var tracker = ReleaseTracker()
    private var readTimer: DispatchSourceTimer?
    private var reading = false
    private var stopped = false
    private lazy var deadlineTimer = DeadlineTimer(queue: queue) { [unowned self] deadline in
        apply(tracker.tick(at: max(Date(), deadline)))
    }

    /// Called on the loop's queue when what `view` shows changed.
    var onChanged: () -> Void = {}

    init(queue: DispatchQueue, sink: any EventSink, stateDirectory: String) {
        self.queue = queue
        self.sink = sink
        file = JournaledStateFile(directory: stateDirectory, fileName: ReleaseBook.fileName, sink: sink)
    }

    /// Loads the book kept; an untrustworthy file is set aside and reported, and tracking starts afresh.
    func load() {
        if let book = file.load() { tracker = ReleaseTracker(book: book, stableFor: tracker.stableFor) }
    }

    /// Start and reload: `nil` stops reading (the book is kept); a changed source or interval re-arms the timer.
    func configure(_ new: ReleaseSettings?) {
        let previous = settings
        settings = new
        if let new { tracker.stableFor = new.stableFor }
        if previous?.source != new?.source || previous?.every != new?.every {
            readTimer?.cancel()
            readTimer = nil
            if let new, !stopped { startReading(every: new.every) }
        }
        armDeadline()
    }

    /// Whether any check is confirmed CRITICAL, after decisions that may have changed it.
    func criticalChanged(_ critical: Bool, at now: Date) {
        apply(tracker.criticalChanged(critical, at: now))
    }

    /// For status.json; nil without `[release]`.
    var view: ReleaseView? { settings == nil ? nil : ReleaseView(tracker) }

    /// The version running now, as last read (a backup's manifest records it).
    var running: String? { tracker.book.running }

    var book: ReleaseBook { tracker.book }

    /// A rollback's outcome: the bad release is never good again. Saved at once.
    func mark(_ version: String, _ outcome: ReleaseRecord.Outcome) {
        tracker.mark(version, outcome)
        save()
        onChanged()
    }

    /// Reads the version now, between timer ticks (a rollback just switched it).
    func readSoon() {
        readNow()
    }

    func stop() {
        stopped = true
        readTimer?.cancel()
        readTimer = nil
        deadlineTimer.arm(at: nil)
        if settings != nil { save() }
    }

    private func startReading(every: Duration) {
        let milliseconds = Int(DurationText.milliseconds(every))
        let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        timer.schedule(deadline: .now(), repeating: .milliseconds(milliseconds), leeway: .milliseconds(milliseconds / 20))
        timer.setEventHandler { [unowned self] in readNow() }
        timer.resume()
        readTimer = timer
    }

    private func readNow() {
        guard let settings, !reading, !stopped else { return }
        reading = true
        DispatchQueue.global().async { [self] in
            let result = ReleaseVersionReader.read(settings)
            queue.async { [self] in
                reading = false
                guard !stopped, self.settings?.source == settings.source else { return }
                let now = Date()
                switch result {
                case .success(let version): apply(tracker.versionRead(version, at: now))
                case .failure(let problem): apply(tracker.readFailed(problem.description, at: now))
                }
            }
        }
    }

    private func apply(_ events: [ReleaseTracker.Event]) {
        armDeadline()
        guard !events.isEmpty else { return }
        let source = settings?.sourceDescription ?? "[release]"
        for event in events { sink.write(.release(event, source: source)) }
        if events.contains(where: { if case .readFailed = $0 { false } else { true } }) { save() }
        onChanged()
    }

    private func armDeadline() {
        deadlineTimer.arm(at: stopped ? nil : tracker.nextDeadline)
    }

    private func save() {
        file.save(tracker.book)
    }
}
