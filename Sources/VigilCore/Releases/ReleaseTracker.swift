import FoundationEssentials

/// Follows the platform's running version and decides when it becomes the last known good (LKG):
/// once it has run for `stableFor` with no check confirmed CRITICAL. Pure: the caller reads the
/// version, says when the set of confirmed CRITICAL checks empties or fills, passes the time in, and
/// journals and saves what comes out.
public struct ReleaseTracker: Sendable, Equatable {
    /// What a step decided, in order; each is journaled.
    public enum Event: Sendable, Equatable {
        /// The running version changed (`from` is nil on the first read ever).
        case changed(from: String?, to: String, lastKnownGood: String?)
        /// `version` ran `stableFor` with no confirmed CRITICAL check.
        case becameGood(version: String, stableFor: Duration)
        /// The version could not be read; said once until it can be read again.
        case readFailed(reason: String)
        case readRecovered(version: String)
    }

    public private(set) var book: ReleaseBook
    public var stableFor: Duration
    /// Why the last read failed, while it keeps failing (not kept across restarts).
    public private(set) var readFailure: String?
    /// Whether some check is confirmed CRITICAL now, as last told.
    public private(set) var anyCritical = false

    public init(book: ReleaseBook = ReleaseBook(), stableFor: Duration = ReleaseSettings.defaultStableFor) {
        self.book = book
        self.stableFor = stableFor
    }

    /// The version read at `now`. Returns what changed; `book` is worth saving when anything did
    /// (a read of the same version only moves its `lastSeen`, which waits for the next save).
    public mutating func versionRead(_ version: String, at now: Date) -> [Event] {
        var events: [Event] = []
        if readFailure != nil {
            readFailure = nil
            events.append(.readRecovered(version: version))
        }
        if version != book.running {
            let previous = book.running
            book.changedAfter = previous.flatMap { book.record(of: $0)?.lastSeen } ?? now
            events.append(.changed(from: previous, to: version, lastKnownGood: book.lastKnownGood?.version))
            if book.record(of: version) == nil {
                book.records.append(ReleaseRecord(version: version, firstSeen: now, lastSeen: now))
                trim()
            }
            book.running = version
            book.runningSince = now
            book.stableSince = anyCritical ? nil : now
        }
        book.update(version) { $0.lastSeen = now }
        return events + promote(at: now)
    }

    /// The version could not be read at `now`: said once per episode.
    public mutating func readFailed(_ reason: String, at now: Date) -> [Event] {
        guard readFailure == nil else { return [] }
        readFailure = reason
        return [.readFailed(reason: reason)]
    }

    /// Whether any check is confirmed CRITICAL, after a batch of decisions. A CRITICAL stops the
    /// running version's stable stretch; its end starts a new one.
    public mutating func criticalChanged(_ critical: Bool, at now: Date) -> [Event] {
        guard critical != anyCritical else { return promote(at: now) }
        anyCritical = critical
        if book.running != nil { book.stableSince = critical ? nil : now }
        return promote(at: now)
    }

    /// Called at `nextDeadline`: the running version may have become good.
    public mutating func tick(at now: Date) -> [Event] {
        promote(at: now)
    }

    /// When the running version becomes good if nothing changes; nil when it is good already,
    /// a check is CRITICAL, or nothing runs.
    public var nextDeadline: Date? {
        guard let running = book.running, let since = book.stableSince,
              book.record(of: running)?.becameGoodAt == nil else { return nil }
        return WallClock.date(since, plus: stableFor)
    }

    /// Marks `version` as rolled back or failed (a rollback's outcome): it is never good again.
    public mutating func mark(_ version: String, _ outcome: ReleaseRecord.Outcome) {
        book.update(version) { $0.outcome = outcome }
    }

    private mutating func promote(at now: Date) -> [Event] {
        guard let deadline = nextDeadline, now >= deadline, let running = book.running,
              book.record(of: running)?.outcome == nil else { return [] }
        book.update(running) { record in
            record.becameGoodAt = now
            record.outcome = .good
        }
        return [.becameGood(version: running, stableFor: stableFor)]
    }

    /// Keeps the newest `ReleaseBook.keep` records, never dropping the running version or the LKG.
    private mutating func trim() {
        while book.records.count > ReleaseBook.keep {
            let keep: Set<String?> = [book.running, book.lastKnownGood?.version]
            guard let index = book.records.firstIndex(where: { !keep.contains($0.version) }) else { return }
            book.records.remove(at: index)
        }
    }
}
