import FoundationEssentials

/// The outbox as status.json shows it: how much waits, and since when, so a notifier that
/// cannot deliver is seen before anybody misses a page.
public struct OutboxSummary: Codable, Equatable, Sendable {
    /// Deliveries not yet delivered nor given up, the ones being sent included.
    public var pending: Int
    /// Of those, the attempts under way now.
    public var inFlight: Int
    /// When the oldest pending delivery was asked for.
    public var oldestCreatedAt: Date?
    /// Its notifier and its latest failure, what somebody looking first wants to know.
    public var oldestNotifier: String?
    public var oldestLastError: String?

    public init(pending: Int = 0, inFlight: Int = 0, oldestCreatedAt: Date? = nil, oldestNotifier: String? = nil,
                oldestLastError: String? = nil) {
        self.pending = pending
        self.inFlight = inFlight
        self.oldestCreatedAt = oldestCreatedAt
        self.oldestNotifier = oldestNotifier
        self.oldestLastError = oldestLastError
    }
}
