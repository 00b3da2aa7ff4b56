import VigilCore

/// Where Vigil's events go: the journal under systemd, readable lines on a terminal.
///
/// Writing never throws: an event that cannot be delivered must not stop the checks.
public protocol EventSink: Sendable {
    func write(_ event: JournalEvent)
}
