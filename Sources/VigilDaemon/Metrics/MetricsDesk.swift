import Dispatch
import FoundationEssentials
import Prometheus
import VigilCore
import VigilMetrics
import VigilSystemd

/// `[metrics]`: keeps the registry in step with the loop (each result, each timer, each report)
/// and runs the listener Prometheus scrapes. The listener renders from the registry on its own
/// thread, so a scrape never waits for this queue; a reload that cannot bind keeps the old one.
final class MetricsDesk: @unchecked Sendable {
    /// One check's series, made once: a result updates them without a lookup by labels.
    private struct CheckSeries {
        let kind: String
        let severity: String
        let status: Gauge
        let confirmed: Gauge
        let duration: DurationHistogram
        var results: [Status: Counter] = [:]
    }

    private struct SampleKey: Hashable {
        let operation: String
        let family: String
    }

    let registry: MetricsRegistry
    private let queue: DispatchQueue
    private let sink: any EventSink
    private var checks: [String: CheckSeries] = [:]
    private var breakers: [String: Gauge] = [:]
    private var budgets: [String: Gauge] = [:]
    private var samples: [SampleKey: Gauge] = [:]
    private let lateness: DurationHistogram
    private let incidentsOpen: Gauge
    private var listener: MetricsListener?
    private var listening: MetricsSettings?
    private var bindError: String?

    init(registry: MetricsRegistry, queue: DispatchQueue, sink: any EventSink) {
        self.registry = registry
        self.queue = queue
        self.sink = sink
        lateness = registry.histogram(.schedulerLateness, [], buckets: MetricsRegistry.latenessBuckets)
        incidentsOpen = registry.gauge(.incidentsOpen, [])
    }

    var view: MetricsView? {
        guard listening != nil || bindError != nil else { return nil }
        return MetricsView(listen: listener?.address.description, error: bindError)
    }

    /// At start and on reload: drops the series of checks that are gone, and starts, keeps, moves or
    /// stops the listener. An address that cannot be bound is said, and whatever listened goes on.
    func configure(_ settings: MetricsSettings?, checks definitions: [CheckDefinition]) {
        let names = Set(definitions.map(\.name))
        for (name, series) in checks where !names.contains(name) { remove(series); checks[name] = nil }
        for (name, gauge) in breakers where !names.contains(name) { registry.remove(gauge); breakers[name] = nil }
        for (key, gauge) in samples where !names.contains(key.operation) { registry.remove(gauge); samples[key] = nil }

        guard settings != listening || (settings != nil && listener == nil) else { return }
        guard let settings else {
            listener?.close()
            listener = nil
            listening = nil
            bindError = nil
            return
        }
        do {
            let started = try MetricsListener.start(at: settings.listen, render: { [registry] in registry.render() })
            listener?.close()
            listener = started
            listening = settings
            bindError = nil
            sink.write(.metricsListening(started.address))
        } catch {
            bindError = error.description
            listening = settings
            sink.write(.daemonError("metrics are not served" + (listener.map { "; still serving on \($0.address)" } ?? ""),
                                    reason: error.description))
        }
    }

    func stop() {
        listener?.close()
        listener = nil
    }

    /// Every result, on the queue: the check's last and confirmed status, its duration, its count.
    func recorded(_ result: CheckResult, severity: Severity, confirmed: Status?) {
        let severityName = severity.rawValue
        if let known = checks[result.name], known.kind != result.kind || known.severity != severityName {
            remove(known)
            checks[result.name] = nil
        }
        if checks[result.name] == nil {
            let labels = [result.name, result.kind, severityName]
            checks[result.name] = CheckSeries(kind: result.kind, severity: severityName,
                                              status: registry.gauge(.checkStatus, labels),
                                              confirmed: registry.gauge(.checkConfirmedStatus, labels),
                                              duration: registry.histogram(.checkDuration, [result.name, result.kind],
                                                                           buckets: MetricsRegistry.durationBuckets))
        }
        checks[result.name]!.status.set(to: Double(result.status.exitCode))
        if let confirmed { checks[result.name]!.confirmed.set(to: Double(confirmed.exitCode)) }
        checks[result.name]!.duration.recordNanoseconds(Int64(result.durationMs * 1_000_000))
        if let counter = checks[result.name]!.results[result.status] {
            counter.increment()
        } else {
            let counter = registry.counter(.checkResults, [result.name, result.status.rawValue.lowercased()])
            counter.increment()
            checks[result.name]!.results[result.status] = counter
        }
    }

    /// A check's timer fired `late` after its due time.
    func timerFired(late: Duration) {
        lateness.record(late)
    }

    /// With each report (at most every second): breakers, budgets, samples and open incidents.
    func refreshed(_ decisions: DecisionSnapshot, samples views: [SampleView], incidentsOpen open: Int) {
        for check in decisions.checks {
            guard let breaker = check.breaker else { continue }
            gauge(&breakers, check.name, .breakerState).set(to: Self.value(of: breaker.state))
        }
        var lowest: [String: Int] = [:]
        for plan in decisions.plans { lowest[plan.plan] = min(lowest[plan.plan] ?? .max, plan.budgetLeft) }
        for (plan, left) in lowest { gauge(&budgets, plan, .remediationBudgetLeft).set(to: Double(left)) }
        for view in views {
            // Only the figures an operation has: an http sample has no memory, a unit no duration.
            let figures: [(MetricFamily, Double?)] = [
                (.sampleDuration, view.lastMs.map { $0 / 1000 }), (.sampleBaseline, view.meanMs.map { $0 / 1000 }),
                (.sampleMemory, view.memoryBytes), (.sampleCPU, view.cpuPercent.map { $0 / 100 }),
            ]
            for (family, value) in figures {
                guard let value else { continue }
                let key = SampleKey(operation: view.name, family: family.name)
                if samples[key] == nil { samples[key] = registry.gauge(family, [view.name]) }
                samples[key]!.set(to: value)
            }
        }
        incidentsOpen.set(to: Double(open))
    }

    private func gauge(_ gauges: inout [String: Gauge], _ label: String, _ family: MetricFamily) -> Gauge {
        if let gauge = gauges[label] { return gauge }
        let gauge = registry.gauge(family, [label])
        gauges[label] = gauge
        return gauge
    }

    private func remove(_ series: CheckSeries) {
        registry.remove(series.status)
        registry.remove(series.confirmed)
        registry.remove(series.duration)
        series.results.values.forEach(registry.remove)
    }

    static func value(of position: CircuitBreaker.Position) -> Double {
        switch position {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }
}

/// Counts what each journal entry means for the metrics (`EventMetrics`), then passes it on.
struct MetricsCountingSink: EventSink {
    let wrapped: any EventSink
    let registry: MetricsRegistry

    func write(_ event: JournalEvent) {
        registry.apply(EventMetrics.updates(for: event, at: Date()))
        wrapped.write(event)
    }
}
