import FoundationEssentials
import Prometheus
import Synchronization
import VigilCore
import VigilProbes

/// Vigil's families (`MetricFamily.all`) on swift-prometheus's collector registry, which keeps
/// each series behind its own atomics and renders the text format: the decision loop updates series
/// as it decides, and a scrape renders them on the listener's thread without waiting for the loop.
public final class MetricsRegistry: Sendable {
    private let registry = PrometheusCollectorRegistry()
    /// The last CPU time read, so `process_cpu_seconds_total` (a counter) grows by the difference.
    private let lastCPUSeconds = Mutex<Double>(0)

    /// Check durations from a millisecond to a minute: probes have timeouts of seconds.
    public static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]
    /// Timer lateness: a healthy loop fires within the timers' leeway (≤ 250 ms).
    public static let latenessBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    public init(version: String, startedAt: Date) {
        gauge(.buildInfo, [version]).set(to: 1)
        gauge(.processStartTime, []).set(to: startedAt.timeIntervalSince1970.rounded())
    }

    public func gauge(_ family: MetricFamily, _ values: [String]) -> Gauge {
        registry.makeGauge(descriptor: Self.descriptor(family), labels: Self.labels(family, values))
    }

    public func counter(_ family: MetricFamily, _ values: [String]) -> Counter {
        registry.makeCounter(descriptor: Self.descriptor(family), labels: Self.labels(family, values))
    }

    public func histogram(_ family: MetricFamily, _ values: [String], buckets: [Duration]) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: Self.descriptor(family), labels: Self.labels(family, values), buckets: buckets)
    }

    public func remove(_ gauge: Gauge) { registry.unregisterGauge(gauge) }
    public func remove(_ counter: Counter) { registry.unregisterCounter(counter) }
    public func remove(_ histogram: DurationHistogram) { registry.unregisterDurationHistogram(histogram) }

    /// Applies what the journal's entries mean for the metrics (`EventMetrics`).
    public func apply(_ updates: [MetricUpdate]) {
        for update in updates {
            switch update {
            case .increment(let family, let labels): counter(family, labels).increment()
            case .set(let family, let labels, let value): gauge(family, labels).set(to: value)
            }
        }
    }

    /// The exposition in the text format, with Vigil's own process figures read now.
    public func render() -> [UInt8] {
        let own = OwnProcessReadings.read()
        if let bytes = own.residentBytes { gauge(.processResidentMemory, []).set(to: bytes) }
        if let fds = own.openFileDescriptors { gauge(.processOpenFDs, []).set(to: fds) }
        if let limit = own.maxFileDescriptors { gauge(.processMaxFDs, []).set(to: limit) }
        if let seconds = own.cpuSeconds {
            let cpu = counter(.processCPUSeconds, [])
            lastCPUSeconds.withLock { last in
                if seconds > last { cpu.increment(by: seconds - last) }
                last = max(last, seconds)
            }
        }
        return registry.emitToBuffer()
    }

    private static func descriptor(_ family: MetricFamily) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: family.name, unitName: "", helpText: family.help)
    }

    private static func labels(_ family: MetricFamily, _ values: [String]) -> [(String, String)] {
        precondition(values.count == family.labels.count, "\(family.name) takes the labels \(family.labels)")
        return Array(zip(family.labels, values))
    }
}
