import Testing
import VigilCore

@Suite struct PerformanceDatumTests {
    @Test("An item as the guidelines write it", arguments: [
        (PerformanceDatum(label: "latency_ms", value: 3.25, unit: "ms", warning: "200", critical: "1000", minimum: 0),
         "latency_ms=3.25ms;200;1000;0"),
        (PerformanceDatum(label: "free_percent", value: 81.234_567_89, unit: "%", warning: "20:", critical: "10:",
                          minimum: 0, maximum: 100),
         "free_percent=81.234568%;20:;10:;0;100"),
        // Trailing empty fields are left out; empty ones between are kept.
        (PerformanceDatum(label: "backups", value: 3), "backups=3"),
        (PerformanceDatum(label: "age_hours", value: 0.5, critical: "24"), "age_hours=0.5;;24"),
        (PerformanceDatum(label: "x", value: 1, maximum: 10), "x=1;;;;10"),
        // Undetermined.
        (PerformanceDatum(label: "x", value: nil, unit: "ms"), "x=Ums"),
        (PerformanceDatum(label: "x", value: .nan), "x=U"),
        // Labels: spaces and quotes need quoting (a quote doubled), `=` may not appear at all.
        (PerformanceDatum(label: "queue depth", value: 5), "'queue depth'=5"),
        (PerformanceDatum(label: "it's", value: 1), "'it''s'=1"),
        (PerformanceDatum(label: "a=b", value: 1), "a_b=1"),
        (PerformanceDatum(label: "/var/lib", value: 1, unit: "B"), "/var/lib=1B"),
        (PerformanceDatum(label: "root.free_percent", value: 50, unit: "%"), "root.free_percent=50%"),
    ] as [(PerformanceDatum, String)])
    func text(datum: PerformanceDatum, expected: String) {
        #expect(datum.text == expected)
    }

    @Test("Numbers in [-0-9.]: no exponent, at most six decimals, no trailing zeros", arguments: [
        (0, "0"), (42, "42"), (-3.5, "-3.5"), (0.1, "0.1"), (1e-7, "0"), (-1e-7, "0"), (0.000_001, "0.000001"),
        (1.5e-4, "0.00015"), (2.000_000_4, "2"), (99.999_999_9, "100"), (1e15, "1000000000000000"),
        (18_993_905_664, "18993905664"), (123_456_789_012.345, "123456789012.345"), (1e12 + 0.4, "1000000000000"),
        (.infinity, "U"), (-.infinity, "U"), (1e19, "U"),
    ] as [(Double, String)])
    func number(value: Double, expected: String) {
        #expect(PerformanceDatum.number(value) == expected)
    }

    @Test("The unit a metric's name promises", arguments: [
        ("latency_ms", "ms"), ("connections_used_percent", "%"), ("free_percent", "%"), ("inodes_free_percent", "%"),
        ("available_percent", "%"), ("size_bytes", "B"), ("uptime_seconds", "s"), ("lag_us", "us"),
        ("requests_total", "c"), ("age_hours", ""), ("backups", ""), ("load", ""), ("percent", ""), ("ms", ""),
    ])
    func unit(metric: String, expected: String) {
        #expect(PerformanceDatum.unit(ofMetric: metric) == expected)
    }

    @Test("Ranges that alert exactly where Vigil's thresholds breach", arguments: [
        (Double?(200), MetricDirection.higherIsWorse, "200"),
        (Double?(20), MetricDirection.lowerIsWorse, "20:"),
        (Double?(0.5), MetricDirection.lowerIsWorse, "0.5:"),
        (Double?.none, MetricDirection.higherIsWorse, ""),
    ])
    func range(limit: Double?, direction: MetricDirection, expected: String) {
        #expect(PerformanceDatum.range(limit, direction) == expected)
    }
}
