/// What the outbox asks of the daemon, in the order given: a `.save` before the `.send` that
/// follows it, so an attempt is on disk before it can reach anybody.
public enum OutboxOutput: Equatable, Sendable {
    /// Write this entry whole (it is new, or an attempt began or failed).
    case save(OutboxEntry)
    /// Delete the entry's file: it was delivered or given up.
    case remove(id: String)
    /// Begin an attempt (already counted in `entry.attempts`) through `notifier`, off the loop's queue.
    case send(OutboxEntry, NotifierSettings)
    /// The notifier gave up on the delivery: the daemon writes it into the incident's timeline
    /// and tries the next level of the escalation path.
    case gaveUp(NotificationDelivery, reason: String)
    case journal(JournalEvent)

    public var event: JournalEvent? {
        if case let .journal(event) = self { event } else { nil }
    }
}
