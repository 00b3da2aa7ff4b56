import Foundation
import Testing
import VigilCore

@Suite struct PluginReportTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    static func result(_ name: String, _ kind: String, _ status: Status, _ message: String,
                       _ metrics: [String: Double] = [:], durationMs: Double = 1.5,
                       units: [String: String] = [:]) -> CheckResult {
        CheckResult(name: name, kind: kind, status: status, message: message, durationMs: durationMs,
                    metrics: metrics, timestamp: at, units: units)
    }

    static let diskThresholds = [
        MetricThreshold(metric: "free_percent", direction: .lowerIsWorse, warning: 20, critical: 10),
    ]
    static let postgresThresholds = [
        MetricThreshold(metric: "latency_ms", direction: .higherIsWorse, warning: 200, critical: 1000),
        MetricThreshold(metric: "connections_used_percent", direction: .higherIsWorse, critical: 95),
    ]

    struct Single: Sendable, CustomStringConvertible {
        var result: CheckResult
        var thresholds: [MetricThreshold]
        var expected: String
        var description: String { expected.prefix(while: { $0 != "\n" }).description }
    }

    @Test("One check: status line with performance data, then the details", arguments: [
        Single(result: result("root", "disk", .critical, "free_percent 5 < critical 10 (/: 5% free, 90% inodes free)",
                              ["free_percent": 5.25, "inodes_free_percent": 90]),
               thresholds: diskThresholds,
               expected: """
                   DISK CRITICAL - root: free_percent 5 < critical 10 (/: 5% free, 90% inodes free) \
                   | free_percent=5.25%;20:;10:;0;100 inodes_free_percent=90%;;;0;100
                   root (disk) ran in 1.5 ms
                   free_percent 5.25% (warning < 20%, critical < 10%)
                   inodes_free_percent 90%
                   """),
        // Thresholds first in configuration order, a metric without a warning limit leaves its field empty.
        Single(result: result("database", "postgres", .healthy, "SELECT 1 took 3 ms",
                              ["latency_ms": 3.2, "connections_used_percent": 12], durationMs: 4),
               thresholds: postgresThresholds,
               expected: """
                   POSTGRES OK - database: SELECT 1 took 3 ms \
                   | latency_ms=3.2ms;200;1000;0 connections_used_percent=12%;;95;0;100
                   database (postgres) ran in 4 ms
                   latency_ms 3.2ms (warning > 200ms, critical > 1000ms)
                   connections_used_percent 12% (critical > 95%)
                   """),
        // A failed probe has no metrics: no bar, no performance data.
        Single(result: result("database", "postgres", .critical, "check failed: connection refused\nIs the server running?"),
               thresholds: postgresThresholds,
               expected: """
                   POSTGRES CRITICAL - database: check failed: connection refused Is the server running?
                   database (postgres) ran in 1.5 ms
                   """),
        // A plugin's own labels, unitless unless the name says; a `|` in the message cannot start perfdata.
        Single(result: result("queue", "command", .warning, "QUEUE WARNING - a|b", ["queue depth": 12, "lag_ms": 4]),
               thresholds: [MetricThreshold(metric: "queue depth", direction: .higherIsWorse, warning: 10, critical: 20)],
               expected: """
                   COMMAND WARNING - queue: QUEUE WARNING - a/b | 'queue depth'=12;10;20 lag_ms=4ms;;;0
                   queue (command) ran in 1.5 ms
                   queue depth 12 (warning > 10, critical > 20)
                   lag_ms 4ms
                   """),
        // A wrapped plugin's own units are passed on (and beat what a name would suggest).
        Single(result: result("disk", "command", .healthy, "DISK OK - free space: / 78629MiB",
                              ["/": 18_993_905_664, "free_ms": 3], units: ["/": "B", "free_ms": "s"]),
               thresholds: [MetricThreshold(metric: "/", direction: .higherIsWorse, warning: 2e11, critical: 2.5e11)],
               expected: """
                   COMMAND OK - disk: DISK OK - free space: / 78629MiB \
                   | /=18993905664B;200000000000;250000000000;0 free_ms=3s;;;0
                   disk (command) ran in 1.5 ms
                   / 18993905664B (warning > 200000000000B, critical > 250000000000B)
                   free_ms 3s
                   """),
        Single(result: result("api", "systemd_unit", .unknown, "timed out after 5s"), thresholds: [],
               expected: "SYSTEMD_UNIT UNKNOWN - api: timed out after 5s\napi (systemd_unit) ran in 1.5 ms"),
    ])
    func single(testCase: Single) {
        #expect(PluginReport.single(testCase.result, thresholds: testCase.thresholds) == testCase.expected)
    }

    @Test("Several checks: the overall line carries every metric, prefixed with its check's name")
    func several() {
        let report = HealthReport(checks: [
            Self.result("root", "disk", .warning, "free_percent 15 < warning 20 (/: 15% free)", ["free_percent": 15]),
            Self.result("database", "postgres", .healthy, "SELECT 1 took 3 ms", ["latency_ms": 3, "connections_used_percent": 12]),
            Self.result("api", "http", .unknown, "not run"),
        ], at: Self.at)
        let text = PluginReport.several(report, thresholds: ["root": Self.diskThresholds, "database": Self.postgresThresholds])
        #expect(text == """
            VIGIL WARNING - 3 checks: 1 warning, 1 unknown, 1 healthy \
            | root.free_percent=15%;20:;10:;0;100 database.latency_ms=3ms;200;1000;0 \
            database.connections_used_percent=12%;;95;0;100
            WARNING - root (disk): free_percent 15 < warning 20 (/: 15% free)
            OK - database (postgres): SELECT 1 took 3 ms
            UNKNOWN - api (http): not run
            """)
    }

    @Test("Several checks: the counts, worst first", arguments: [
        ([Status.healthy, .healthy], "VIGIL OK - 2 checks: 2 healthy"),
        ([.critical, .healthy, .warning], "VIGIL CRITICAL - 3 checks: 1 critical, 1 warning, 1 healthy"),
        ([.critical], "VIGIL CRITICAL - 1 check: 1 critical"),
        ([], "VIGIL OK - 0 checks: none configured"),
    ])
    func severalCounts(statuses: [Status], expected: String) {
        let report = HealthReport(checks: statuses.enumerated().map { Self.result("c\($0.offset)", "memory", $0.element, "m") },
                                  at: Self.at)
        let first = PluginReport.several(report, thresholds: [:]).split(separator: "\n").first.map(String.init)
        #expect(first == expected)
    }

    @Test("What Vigil's own plugin parser reads back is what was reported")
    func roundTrip() {
        let metrics = ["latency_ms": 3.25, "connections_used_percent": 12, "queue depth": 7, "it's": 1, "tiny": 0.000_25]
        let text = PluginReport.single(Self.result("x", "command", .healthy, "fine", metrics), thresholds: [])
        let parsed = PluginOutput.parse(text)
        #expect(parsed.message == "COMMAND OK - x: fine")
        #expect(parsed.metrics == metrics)
    }

    @Test("Plugin status words", arguments: [
        (Status.healthy, "OK"), (.warning, "WARNING"), (.critical, "CRITICAL"), (.unknown, "UNKNOWN"),
    ])
    func words(status: Status, word: String) {
        #expect(PluginReport.word(status) == word)
    }
}
