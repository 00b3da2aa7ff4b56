import FoundationEssentials

/// Every notification on its way out: which deliveries wait, how often each was tried, when the
/// next attempt is due, and which are being sent. A value with the clock passed in, so retries,
/// give-ups and the journal's rate limit are decided (and tested) without a thread or a file; the
/// daemon does what its outputs say (save before send, remove when done) and so never loses one.
public struct Outbox: Equatable, Sendable {
    public static let defaultMaxInFlight = 3

    /// The attempts allowed at once: a slow or hanging notifier holds a slot for its timeout at
    /// most, and never all the daemon's threads.
    public var maxInFlight: Int
    /// Pending deliveries, oldest first (`createdAt`, then id).
    public private(set) var entries: [OutboxEntry] = []
    /// Ids of the entries whose attempt is under way.
    public private(set) var inFlight: Set<String> = []
    /// The `[notifier.NAME]` tables of the running configuration.
    public private(set) var notifiers: [String: NotifierSettings]
    private var reports: [String: NotifierFailureReports] = [:]

    public init(notifiers: [String: NotifierSettings] = [:], maxInFlight: Int = Outbox.defaultMaxInFlight) {
        self.notifiers = notifiers
        self.maxInFlight = max(maxInFlight, 1)
    }

    /// Takes the entries an earlier run left on disk. Each is due `now`, those that were being sent
    /// when it stopped included: their attempt was counted, its end is unknown, so it is made again
    /// with the same id (the receiver drops a duplicate) rather than dropped.
    public mutating func restore(_ loaded: [OutboxEntry], at now: Date) {
        for var entry in loaded where !contains(entry.id) {
            entry.nextAttemptAt = now
            entries.append(entry)
        }
        sortOldestFirst()
    }

    public func contains(_ id: String) -> Bool { entries.contains { $0.id == id } }

    public func entry(_ id: String) -> OutboxEntry? { entries.first { $0.id == id } }

    /// New deliveries, due `now`; one already pending (the same id asked for again) is kept as it
    /// is. Outputs their saves; `dispatch` starts them.
    public mutating func enqueue(_ deliveries: [NotificationDelivery], at now: Date) -> [OutboxOutput] {
        var outputs: [OutboxOutput] = []
        for delivery in deliveries where !contains(delivery.id) {
            let entry = OutboxEntry(delivery: delivery, nextAttemptAt: now)
            entries.append(entry)
            outputs.append(.save(entry))
        }
        sortOldestFirst()
        return outputs
    }

    /// The entries that may start now: due, not being sent, oldest first, as many as free slots.
    public func due(at now: Date) -> [OutboxEntry] {
        let free = maxInFlight - inFlight.count
        guard free > 0 else { return [] }
        return Array(entries.lazy.filter { !inFlight.contains($0.id) && $0.nextAttemptAt <= now }.prefix(free))
    }

    /// Begins the attempts due now: each is counted and saved before its send, so a kill during the
    /// send leaves the count on disk. A delivery whose notifier is gone from the configuration gives up.
    public mutating func dispatch(at now: Date) -> [OutboxOutput] {
        var outputs: [OutboxOutput] = []
        while let next = due(at: now).first {
            guard let settings = notifiers[next.delivery.notifier] else {
                outputs += giveUp(next.id, reason: Self.notifierGone(next.delivery.notifier), at: now)
                continue
            }
            guard let index = index(of: next.id) else { break }
            entries[index].attempts += 1
            entries[index].lastAttemptAt = now
            inFlight.insert(next.id)
            outputs += [.save(entries[index]), .send(entries[index], settings)]
        }
        return outputs
    }

    /// An attempt ended. Delivered: the entry goes. Failed: it is tried again after the notifier's
    /// backoff, or given up once its attempts are spent (or its notifier is gone).
    public mutating func finished(_ id: String, result: DeliveryResult, at now: Date) -> [OutboxOutput] {
        guard inFlight.remove(id) != nil, let index = index(of: id) else { return [] }
        let notifier = entries[index].delivery.notifier
        switch result {
        case .delivered:
            entries.remove(at: index)
            var outputs: [OutboxOutput] = [.remove(id: id)]
            if case let .reportRecovery(failures, unsaid) = reports[notifier, default: NotifierFailureReports()].delivered() {
                outputs.append(.journal(.notifierRecovered(notifier, failures: failures, unsaid: unsaid)))
            }
            return outputs
        case .failed(let reason):
            entries[index].lastError = reason
            guard let settings = notifiers[notifier] else {
                return giveUp(id, reason: "\(reason); \(Self.notifierGone(notifier))", at: now)
            }
            let attempts = entries[index].attempts
            guard attempts < settings.retry.attempts else {
                let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
                return giveUp(id, reason: "\(reason) (\(tries) failed)", at: now)
            }
            entries[index].nextAttemptAt = WallClock.date(now, plus: settings.retry.delay(afterAttempt: attempts))
            var outputs: [OutboxOutput] = [.save(entries[index])]
            if case let .reportFailure(unsaid) = reports[notifier, default: NotifierFailureReports()].failed(at: now) {
                outputs.append(.journal(.notificationFailed(entries[index], reason: reason, maxAttempts: settings.retry.attempts,
                                                            unsaid: unsaid)))
            }
            return outputs
        }
    }

    /// A reload's notifiers: waiting deliveries of a notifier that is gone give up now, so their
    /// incident escalates at once; one being sent finishes its attempt first.
    public mutating func updateNotifiers(_ notifiers: [String: NotifierSettings], at now: Date) -> [OutboxOutput] {
        self.notifiers = notifiers
        reports = reports.filter { notifiers[$0.key] != nil }
        let orphans = entries.filter { notifiers[$0.delivery.notifier] == nil && !inFlight.contains($0.id) }
        return orphans.flatMap { giveUp($0.id, reason: Self.notifierGone($0.delivery.notifier), at: now) }
    }

    /// When `dispatch` has something to start next: the earliest due attempt, while a slot is free
    /// (a finished attempt frees one, and the daemon dispatches then).
    public var nextDeadline: Date? {
        guard inFlight.count < maxInFlight else { return nil }
        return entries.lazy.filter { !inFlight.contains($0.id) }.map(\.nextAttemptAt).min()
    }

    public var summary: OutboxSummary {
        let oldest = entries.first
        return OutboxSummary(pending: entries.count, inFlight: inFlight.count, oldestCreatedAt: oldest?.delivery.createdAt,
                             oldestNotifier: oldest?.delivery.notifier, oldestLastError: oldest?.lastError)
    }

    // MARK: - Helpers

    static func notifierGone(_ name: String) -> String {
        "notifier \(name) is no longer in the configuration"
    }

    private mutating func giveUp(_ id: String, reason: String, at now: Date) -> [OutboxOutput] {
        guard let index = index(of: id) else { return [] }
        let entry = entries.remove(at: index)
        inFlight.remove(id)
        if notifiers[entry.delivery.notifier] != nil {
            _ = reports[entry.delivery.notifier, default: NotifierFailureReports()].failed(at: now, saidElsewhere: true)
        }
        return [.remove(id: id), .journal(.notificationGaveUp(entry, reason: reason)), .gaveUp(entry.delivery, reason: reason)]
    }

    private func index(of id: String) -> Int? { entries.firstIndex { $0.id == id } }

    private mutating func sortOldestFirst() {
        entries.sort { ($0.delivery.createdAt, $0.id) < ($1.delivery.createdAt, $1.id) }
    }
}
