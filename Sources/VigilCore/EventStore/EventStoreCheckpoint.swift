/// How far incremental consistency runs of one event store have got, persisted between runs.
///
/// Positions come from a sequence before commit, so a run cannot simply continue after the
/// highest position it saw: a transaction still open may commit a lower one later. Everything at
/// or below `settledPosition` is checked and no late event can still appear there; events in
/// (`settledPosition`, `checkedThrough`] were checked too if the run's `snapshot` saw them, and
/// the next run checks only those it did not.
public struct EventStoreCheckpoint: Sendable, Equatable, Codable {
    /// Every event at or below it is checked, and none can commit there any more.
    public var settledPosition: Int64
    /// The highest position checked (at least `settledPosition`).
    public var checkedThrough: Int64
    /// The last run's transaction snapshot (`pg_snapshot` text, `xmin:xmax:xip,…`): the events
    /// above `settledPosition` it saw were checked. `nil`: none were.
    public var snapshot: String?

    public init(settledPosition: Int64, checkedThrough: Int64? = nil, snapshot: String? = nil) {
        self.settledPosition = settledPosition
        self.checkedThrough = max(checkedThrough ?? settledPosition, settledPosition)
        self.snapshot = snapshot
    }

    /// Before any event: the first incremental run checks the whole store.
    public static let beginning = EventStoreCheckpoint(settledPosition: Int64.min)
}
