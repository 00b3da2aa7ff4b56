import Dispatch
import FoundationEssentials
import VigilCore
import VigilSystemd

/// The daemon's maintenance: the configured windows and the silences `vigil silence` lays (kept
/// in `<state_dir>/silences.json`), asked which checks are covered now. One timer at the
/// calendar's next change journals windows starting and ending and silences expiring, then tells
/// the loop (`onChanged`), which holds back remediation and incidents for the covered checks.
///
/// Touched on the decision loop's queue only (hence unchecked).
final class MaintenanceDesk: @unchecked Sendable {
    private let queue: DispatchQueue
    private let sink: any EventSink
    private let store: StateStore<SilenceBook>
    private var book = SilenceBook()
    private var calendar: MaintenanceCalendar
    /// The windows in force when last looked, by name, to journal their start and end once.
    private var openWindows: [String: MaintenanceCalendar.Cover] = [:]
    /// Wakes the desk at the calendar's next change.
    private lazy var deadlineTimer = DeadlineTimer(queue: queue) { [unowned self] deadline in update(at: max(Date(), deadline)) }
    /// The latest write failure said, so a full disk is journaled once per episode.
    private var writeFailure: String?
    private var stopped = false

    /// Called on the loop's queue when what is covered may have changed.
    var onChanged: () -> Void = {}

    init(queue: DispatchQueue, sink: any EventSink, stateDirectory: String, windows: [MaintenanceWindow],
         timeZone: any UTCOffsets = SystemTimeZone()) {
        self.queue = queue
        self.sink = sink
        store = StateStore(directory: stateDirectory, fileName: "silences.json")
        calendar = MaintenanceCalendar(windows: windows, silences: [], timeZone: timeZone)
    }

    /// Loads the silences kept; an untrustworthy file is set aside and reported, and none are kept.
    func load(at now: Date) {
        switch store.load(now: now) {
        case .fresh: break
        case .loaded(let loaded, _): book = loaded
        case .setAside(let movedTo, let reason):
            sink.write(.stateSetAside(path: store.path, movedTo: movedTo, reason: reason))
        case .unusable(let reason):
            sink.write(.stateSetAside(path: store.path, movedTo: nil, reason: reason))
        }
        calendar.silences = book.silences
        update(at: now)
    }

    /// A reload's windows; a window gone ends now, a new one in force starts now.
    func configure(_ windows: [MaintenanceWindow], at now: Date) {
        calendar.windows = windows
        update(at: now)
    }

    /// What covers `check` now, as the journal says it (`silence SIL-…`, `maintenance window nightly`).
    func cover(of check: String, at now: Date) -> MaintenanceCalendar.Cover? {
        calendar.cover(of: check, at: now)
    }

    /// The covered checks among `checks`, each with what covers it.
    func held(_ checks: [String], at now: Date) -> [String: String] {
        var held: [String: String] = [:]
        for check in checks {
            if let cover = calendar.cover(of: check, at: now) { held[check] = cover.description }
        }
        return held
    }

    /// For status.json: everything in force.
    func views(at now: Date) -> [MaintenanceView] {
        let requests = Dictionary(book.silences.compactMap { silence in silence.request.map { (silence.id, $0) } },
                                  uniquingKeysWith: { first, _ in first })
        return calendar.active(at: now).map { MaintenanceView($0, request: requests[$0.name]) }
    }

    /// `vigil silence` requests: each addition becomes a silence from now, each removal ends one.
    func take(_ requests: [SilenceRequests.Request], at now: Date) {
        guard !requests.isEmpty else { return }
        for request in requests {
            if let addition = request.add {
                let id = Silence.nextID(madeOn: now, after: [book.lastIssued].compactMap { $0 } + book.silences.map(\.id))
                let silence = Silence(id: id, checks: addition.checks, from: now,
                                      until: now.addingTimeInterval(addition.seconds), reason: addition.reason,
                                      by: request.by, createdAt: now, request: request.token)
                book.silences.append(silence)
                book.lastIssued = id
                sink.write(.silenceAdded(silence))
            } else if let id = request.remove {
                guard let index = book.silences.firstIndex(where: { $0.id == id }) else {
                    sink.write(JournalEvent(kind: nil, priority: .warning,
                                            message: "\(request.by) asked to remove silence \(id), which is not in force",
                                            fields: [JournalEvent.Field("SILENCE_ID", id), JournalEvent.Field("REMOVED_BY", request.by)]))
                    continue
                }
                let silence = book.silences.remove(at: index)
                sink.write(.silenceRemoved(silence, by: request.by))
            }
        }
        save()
        calendar.silences = book.silences
        update(at: now)
    }

    func stop() {
        stopped = true
        deadlineTimer.arm(at: nil)
    }

    /// Journals what started or ended by `now`, drops expired silences, re-arms, tells the loop.
    private func update(at now: Date) {
        let expired = calendar.expiredSilences(at: now)
        if !expired.isEmpty {
            for silence in expired { sink.write(.silenceExpired(silence)) }
            book.silences.removeAll { silence in expired.contains { $0.id == silence.id } }
            calendar.silences = book.silences
            save()
        }
        let windows = Dictionary(calendar.active(at: now).filter { if case .window = $0.source { true } else { false } }
            .map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, cover) in openWindows.sorted(by: { $0.key < $1.key }) where windows[name] != cover {
            sink.write(.maintenanceEnded(cover))
        }
        for (name, cover) in windows.sorted(by: { $0.key < $1.key }) where openWindows[name] != cover {
            sink.write(.maintenanceStarted(cover))
        }
        openWindows = windows
        arm(after: now)
        onChanged()
    }

    private func save() {
        do {
            try store.save(book)
            writeFailure = nil
        } catch {
            if writeFailure != error.description {
                writeFailure = error.description
                sink.write(.daemonError("cannot save the silences", reason: error.description))
            }
        }
    }

    /// One timer at the calendar's next change.
    private func arm(after now: Date) {
        deadlineTimer.arm(at: stopped ? nil : calendar.nextChange(after: now))
    }
}
