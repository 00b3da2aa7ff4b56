import FoundationEssentials

/// One delivery waiting in the outbox, with what its attempts so far left: the unit the daemon
/// keeps on disk (one file each), so a restart knows how often it was tried and why it failed.
public struct OutboxEntry: Codable, Equatable, Sendable {
    public var delivery: NotificationDelivery
    /// Attempts begun, the one under way included: counted before the send, so an attempt cut
    /// short by a kill still counts and the delivery is tried again with the same id.
    public var attempts: Int
    /// When the next attempt is due (a restart makes every entry due at once).
    public var nextAttemptAt: Date
    /// When the latest attempt began, `nil` before the first.
    public var lastAttemptAt: Date?
    /// The latest failed attempt's reason, `nil` while none failed.
    public var lastError: String?

    public init(delivery: NotificationDelivery, attempts: Int = 0, nextAttemptAt: Date, lastAttemptAt: Date? = nil,
                lastError: String? = nil) {
        self.delivery = delivery
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
    }

    public var id: String { delivery.id }
}
