import Prometheus
import VigilCore

/// The series the decision loop keeps up to date: each check's status, confirmed status, duration
/// and results (per result), its breaker, the plans' budgets, the samples' figures and the open
/// incidents (per report), the timers' lateness. Each series is made once and kept, so a result
/// updates a few atomics and looks nothing up by its labels. Used from the decision loop's queue only.
public final class DecisionSeries: @unchecked Sendable {
    /// One check's series: the labels they were made with, and the handles.
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

    private let registry: MetricsRegistry
    private var checks: [String: CheckSeries] = [:]
    private var breakers: [String: Gauge] = [:]
    private var budgets: [String: Gauge] = [:]
    private var samples: [SampleKey: Gauge] = [:]
    private let lateness: DurationHistogram
    private let incidentsOpen: Gauge

    public init(registry: MetricsRegistry) {
        self.registry = registry
        lateness = registry.histogram(.schedulerLateness, [], buckets: MetricsRegistry.latenessBuckets)
        incidentsOpen = registry.gauge(.incidentsOpen, [])
    }

    /// After a reload: the series of checks and samples that are gone go with them.
    public func retain(only names: Set<String>) {
        for (name, series) in checks where !names.contains(name) { remove(series); checks[name] = nil }
        for (name, gauge) in breakers where !names.contains(name) { registry.remove(gauge); breakers[name] = nil }
        for (key, gauge) in samples where !names.contains(key.operation) { registry.remove(gauge); samples[key] = nil }
    }

    /// Every result, on the queue: the check's last status, its duration, its count. The confirmed
    /// status comes with the report, which carries every check's, at most a second later.
    public func recorded(_ result: CheckResult, severity: Severity) {
        let index = seriesIndex(of: result, severity: severity.rawValue)
        let series = checks.values[index]
        series.status.set(to: Double(result.status.exitCode))
        series.duration.recordNanoseconds(Int64(result.durationMs * 1_000_000))
        if let counter = series.results[result.status] {
            counter.increment()
        } else {
            let counter = registry.counter(.checkResults, [result.name, result.status.rawValue.lowercased()])
            counter.increment()
            checks.values[index].results[result.status] = counter
        }
    }

    /// Where the check's series are: made at its first result, made again when its kind or severity changed.
    private func seriesIndex(of result: CheckResult, severity: String) -> Dictionary<String, CheckSeries>.Index {
        if let index = checks.index(forKey: result.name) {
            let known = checks.values[index]
            if known.kind == result.kind && known.severity == severity { return index }
            remove(known)
        }
        let labels = [result.name, result.kind, severity]
        checks[result.name] = CheckSeries(kind: result.kind, severity: severity,
                                          status: registry.gauge(.checkStatus, labels),
                                          confirmed: registry.gauge(.checkConfirmedStatus, labels),
                                          duration: registry.histogram(.checkDuration, [result.name, result.kind],
                                                                       buckets: MetricsRegistry.durationBuckets))
        return checks.index(forKey: result.name)!
    }

    /// A check's timer fired `late` after its due time.
    public func timerFired(late: Duration) {
        lateness.record(late)
    }

    /// With each report (at most every second): breakers, budgets, samples and open incidents.
    public func refreshed(_ decisions: DecisionSnapshot, samples views: [SampleView], incidentsOpen open: Int) {
        for check in decisions.checks {
            checks[check.name]?.confirmed.set(to: Double(check.confirmed.exitCode))
            guard let breaker = check.breaker else { continue }
            gauge(&breakers, check.name, .breakerState).set(to: Self.value(of: breaker.state))
        }
        var lowest: [String: Int] = [:]
        for plan in decisions.plans { lowest[plan.plan] = min(lowest[plan.plan] ?? .max, plan.budgetLeft) }
        for (plan, left) in lowest { gauge(&budgets, plan, .remediationBudgetLeft).set(to: Double(left)) }
        for (plan, gauge) in budgets where lowest[plan] == nil { registry.remove(gauge); budgets[plan] = nil }
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
