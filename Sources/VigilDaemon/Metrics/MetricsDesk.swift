import FoundationEssentials
import VigilCore
import VigilMetrics
import VigilSystemd

/// `[metrics]`: the listener Prometheus scrapes, and the series the loop keeps up to date
/// (`DecisionSeries`). The listener renders from the registry on its own thread, so a scrape never
/// waits for this queue; a reload that cannot bind keeps the old listener serving.
final class MetricsDesk: @unchecked Sendable {
    let registry: MetricsRegistry
    /// Updated from the loop: each result, each timer, each report.
    let series: DecisionSeries
    private let sink: any EventSink
    private var listener: MetricsListener?
    /// What the running listener was started for; what the configuration asks for may differ when
    /// its address could not be bound (`bindError`).
    private var serving: MetricsSettings?
    private var wanted: MetricsSettings?
    private var bindError: String?

    init(registry: MetricsRegistry, sink: any EventSink) {
        self.registry = registry
        self.sink = sink
        series = DecisionSeries(registry: registry)
    }

    var view: MetricsView? {
        guard wanted != nil || listener != nil else { return nil }
        return MetricsView(listen: listener?.address.description, error: bindError)
    }

    /// At start and on reload: drops the series of checks that are gone, and starts, keeps, moves or
    /// stops the listener. An address that cannot be bound is said, and whatever listened goes on;
    /// the next reload tries it again.
    func configure(_ settings: MetricsSettings?, checks definitions: [CheckDefinition]) {
        series.retain(only: Set(definitions.map(\.name)))
        wanted = settings
        guard let settings else {
            stop()
            bindError = nil
            return
        }
        guard settings != serving || listener == nil else {
            bindError = nil
            return
        }
        do {
            let started = try MetricsListener.start(at: settings.listen, render: { [registry] in registry.render() })
            listener?.close()
            listener = started
            serving = settings
            bindError = nil
            sink.write(.metricsListening(started.address))
        } catch {
            bindError = error.description
            sink.write(.daemonError("metrics are not served" + (listener.map { "; still serving on \($0.address)" } ?? ""),
                                    reason: error.description))
        }
    }

    func stop() {
        listener?.close()
        listener = nil
        serving = nil
    }
}
