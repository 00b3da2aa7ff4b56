import VigilCore
import VigilSystemd

/// Drops events less important than `--log-level` before they reach the journal or stderr.
public struct MinimumPrioritySink: EventSink {
    let minimum: JournalPriority
    let next: any EventSink

    public init(minimum: JournalPriority, next: any EventSink) {
        self.minimum = minimum
        self.next = next
    }

    public func write(_ event: JournalEvent) {
        if event.priority <= minimum { next.write(event) }
    }
}
