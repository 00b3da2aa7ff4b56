import Foundation
import Testing
import VigilCore
import VigilTestSupport
@testable import VigilMetrics

/// The exposition as Prometheus's own `promtool check metrics` reads it: every family, a label
/// value that needs escaping, the process figures.
@Suite struct MetricsRegistryTests {
    static func promtool(_ text: String) throws -> ExternalTool.Output {
        try ExternalTool.run("/usr/bin/promtool", ["check", "metrics"], input: text)
    }

    @Test("every family rendered is clean for promtool: names, types, help, units, histograms")
    func everyFamilyPassesPromtool() throws {
        let registry = MetricsRegistry(version: "1.2.3", startedAt: Date(timeIntervalSince1970: 1_800_000_000))
        for family in MetricFamily.all {
            let labels = family.labels.map { "\($0)-value" }
            switch family.kind {
            case .counter: registry.counter(family, labels).increment()
            case .gauge: registry.gauge(family, labels).set(to: 2)
            case .histogram: registry.histogram(family, labels, buckets: MetricsRegistry.durationBuckets).record(.milliseconds(12))
            }
        }
        let text = String(decoding: registry.render(), as: UTF8.self)
        let checked = try Self.promtool(text)
        #expect(checked.status == 0 && checked.standardOutput.isEmpty && checked.standardError.isEmpty,
                "promtool: \(checked.standardOutput)\(checked.standardError)\n\(text)")
        for family in MetricFamily.all {
            #expect(text.contains("# TYPE \(family.name) \(family.kind.rawValue)\n"), "\(family.name)")
            #expect(text.contains("# HELP \(family.name) "), "\(family.name)")
        }
        #expect(text.contains("vigil_check_duration_seconds_bucket{check=\"check-value\",kind=\"kind-value\",le=\"0.025\"} 1"))
        #expect(text.contains("process_resident_memory_bytes ") && text.contains("process_open_fds "), "\(text)")
    }

    @Test("a label value with quotes, backslashes and a newline is escaped as the text format says")
    func escapesLabelValues() throws {
        let registry = MetricsRegistry(version: "1", startedAt: Date())
        registry.gauge(.sampleDuration, ["say \"hi\" C:\\temp\nnext"]).set(to: 0.5)
        let text = String(decoding: registry.render(), as: UTF8.self)
        #expect(text.contains(#"vigil_sample_duration_seconds{operation="say \"hi\" C:\\temp\nnext"} 0.5"#), "\(text)")
        let checked = try Self.promtool(text)
        #expect(checked.status == 0, "promtool: \(checked.standardOutput)\(checked.standardError)")
    }

    @Test("process_cpu_seconds_total only grows, by what the kernel counted since the last scrape")
    func cpuSecondsGrow() {
        let registry = MetricsRegistry(version: "1", startedAt: Date())
        func cpu() -> Double? {
            String(decoding: registry.render(), as: UTF8.self).split(separator: "\n")
                .first { $0.hasPrefix("process_cpu_seconds_total ") }.flatMap { Double($0.split(separator: " ")[1]) }
        }
        let first = cpu() ?? -1
        var spin = 0.0
        for index in 0..<5_000_000 { spin += Double(index).squareRoot() }
        #expect(spin > 0)
        let second = cpu() ?? -1
        #expect(first >= 0 && second > first, "\(first) then \(second)")
    }
}

/// docs/metrics.md is the reference for dashboards and alert rules: every family in it, its rules valid.
@Suite struct MetricsDocsTests {
    static func reference() throws -> String {
        try String(contentsOf: RepositoryPaths.file("docs/metrics.md"), encoding: .utf8)
    }

    @Test func listsEveryFamilyWithItsTypeAndLabels() throws {
        let reference = try Self.reference()
        for family in MetricFamily.all {
            let labels = family.labels.map { "`\($0)`" }.joined(separator: ", ")
            #expect(reference.contains("| `\(family.name)` | \(family.kind.rawValue) | \(labels) | \(family.help) |"), "\(family.name)")
        }
    }

    @Test("the scrape config and the alert rules in the reference are what promtool accepts")
    func examplesAreValid() throws {
        let reference = try Self.reference()
        let blocks = reference.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let scrape = try #require(blocks.first { $0.hasPrefix("# prometheus.yml") })
        let rules = try #require(blocks.first { $0.hasPrefix("# vigil-rules.yml") })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-metrics-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let scrapePath = folder.appendingPathComponent("prometheus.yml").path, rulesPath = folder.appendingPathComponent("rules.yml").path
        try scrape.write(toFile: scrapePath, atomically: true, encoding: .utf8)
        try rules.write(toFile: rulesPath, atomically: true, encoding: .utf8)
        let config = try ExternalTool.run("/usr/bin/promtool", ["check", "config", scrapePath])
        #expect(config.status == 0, "\(config.standardOutput)\(config.standardError)")
        let checked = try ExternalTool.run("/usr/bin/promtool", ["check", "rules", rulesPath])
        #expect(checked.status == 0 && checked.standardOutput.contains("SUCCESS: 6 rules found"), "\(checked.standardOutput)\(checked.standardError)")
    }
}
