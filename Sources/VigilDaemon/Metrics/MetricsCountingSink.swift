import FoundationEssentials
import VigilCore
import VigilMetrics
import VigilSystemd

/// Counts what each journal entry means for the metrics (`EventMetrics`), then passes it on: every
/// duty writes through it, so the counters and the journal tell the same story.
struct MetricsCountingSink: EventSink {
    let wrapped: any EventSink
    let registry: MetricsRegistry

    func write(_ event: JournalEvent) {
        registry.apply(EventMetrics.updates(for: event, at: Date()))
        wrapped.write(event)
    }
}
