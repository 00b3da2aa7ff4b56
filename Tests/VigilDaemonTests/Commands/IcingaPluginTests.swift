import Foundation
import Glibc
import Testing
import VigilTestSupport

/// `vigil check NAME` as a check command of a real Icinga 2: what Icinga records (state, output,
/// performance data), read back over its REST API.
@Suite("vigil check under Icinga 2", .serialized)
struct IcingaPluginTests {
    /// One item of performance data as Icinga stored it, split into the guidelines' fields.
    struct Datum: Equatable, CustomStringConvertible {
        var label: String
        var value: Double
        var unit: String
        var warning: String
        var critical: String
        var minimum: String
        var maximum: String

        /// `'label'=value[UOM];warn;crit;min;max`, quotes removed from the label (`''` is one quote).
        init?(_ text: String) {
            guard let equals = text.lastIndex(of: "=") else { return nil }
            var label = String(text[..<equals])
            if label.count >= 2, label.hasPrefix("'"), label.hasSuffix("'") {
                label = String(label.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            }
            var fields = text[text.index(after: equals)...].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields += Array(repeating: "", count: max(0, 5 - fields.count))
            let number = fields[0].prefix(while: { $0.isNumber || $0 == "." || $0 == "-" })
            guard let value = Double(number) else { return nil }
            self.label = label
            self.value = value
            unit = String(fields[0].dropFirst(number.count))
            warning = fields[1]
            critical = fields[2]
            minimum = fields[3]
            maximum = fields[4]
        }

        var description: String { "\(label)=\(value)\(unit);\(warning);\(critical);\(minimum);\(maximum)" }
    }

    /// The percentage of `/` an unprivileged user may still fill, as the disk check computes it.
    static func rootFreePercent() -> Double {
        var stats = statvfs()
        guard statvfs("/", &stats) == 0, stats.f_blocks > 0 else { return -1 }
        return Double(stats.f_bavail) / Double(stats.f_blocks) * 100
    }

    /// Runs Icinga with one service for `check` (configured by `body`) and returns what it recorded.
    static func recorded(check: String, body: String) throws -> (IcingaInstance.Recorded, config: String) {
        let vigilDirectory = try ScratchDirectory()
        let config = try vigilDirectory.write("vigil.toml", body)
        let icinga = try IcingaInstance(services: [.init(name: "vigil-\(check)", vigilCheck: check, vigilConfig: config)])
        let recorded = try icinga.waitForCheckResult(of: "vigil-\(check)")
        icinga.stop()
        withExtendedLifetime(vigilDirectory) {}
        guard let recorded else {
            throw ScratchError("Icinga recorded no check result for vigil-\(check); its log:\n\(icinga.log)")
        }
        return (recorded, config)
    }

    @Test("A healthy disk check: OK, its message, and free_percent with its thresholds as Icinga stored them")
    func healthy() throws {
        let name = TestConfig.uniqueName("root")
        let body = TestConfig.check(name, kind: "disk", interval: "30s", timeout: "5s",
                                    extra: ["path = \"/\"", "warning = { free_percent = 2 }", "critical = { free_percent = 1 }"])
        let (recorded, config) = try Self.recorded(check: name, body: body)
        print("Icinga recorded for \(name): state \(recorded.state), output \(recorded.output.debugDescription), "
              + "performance data \(recorded.performanceData)")

        #expect(recorded.command == [RepositoryPaths.vigilExecutable.path, "check", name, "--config", config])
        #expect(recorded.state == 0, "\(recorded)")
        #expect(recorded.exitStatus == 0, "\(recorded)")
        #expect(recorded.firstLine.wholeMatch(of: try Regex("DISK OK - \(name): /: \\d+% free, \\d+% inodes free")) != nil,
                "\(recorded.output)")
        #expect(recorded.output.contains("\n\(name) (disk) ran in "), "long text missing: \(recorded.output)")
        #expect(recorded.output.contains("\nfree_percent "), "\(recorded.output)")

        let data = recorded.performanceData.compactMap(Datum.init)
        #expect(data.count == recorded.performanceData.count, "unreadable items in \(recorded.performanceData)")
        let free = try #require(data.first, "\(recorded.performanceData)")
        #expect(free.label == "free_percent")
        #expect(free.unit == "%")
        #expect(free.warning == "2:")
        #expect(free.critical == "1:")
        #expect(free.minimum == "0")
        #expect(free.maximum == "100")
        #expect(abs(free.value - Self.rootFreePercent()) < 1, "\(free) vs statvfs \(Self.rootFreePercent())")
        // Icinga's own reading: the unit understood; a `2:` range is not a number, so Icinga 2.13
        // keeps no warn or crit for its metric writers (docs/operations.md says so).
        let icinga = try IcingaInstance.parsePerformanceData(recorded.performanceData[0])
        #expect(icinga["label"] as? String == "free_percent", "\(icinga)")
        #expect(icinga["unit"] as? String == "percent", "\(icinga)")
        #expect((icinga["value"] as? Double).map { abs($0 - free.value) < 1e-9 } == true, "\(icinga)")
        #expect(icinga["min"] as? Double == 0 && icinga["max"] as? Double == 100, "\(icinga)")
        #expect(icinga["warn"] is NSNull && icinga["crit"] is NSNull, "\(icinga)")
        if let inodes = data.dropFirst().first {
            #expect(inodes.label == "inodes_free_percent")
            #expect(inodes.unit == "%")
            #expect(inodes.warning.isEmpty && inodes.critical.isEmpty, "\(inodes)")
            #expect((0...100).contains(inodes.value), "\(inodes)")
        }
    }

    @Test("A critical disk check: CRITICAL, the breach as the message, the thresholds it broke in the perfdata")
    func critical() throws {
        let name = TestConfig.uniqueName("root")
        // `/` of a running machine is never 99.99 % free.
        let body = TestConfig.check(name, kind: "disk", interval: "30s", timeout: "5s",
                                    extra: ["path = \"/\"", "warning = { free_percent = 100 }", "critical = { free_percent = 99.99 }"])
        let (recorded, _) = try Self.recorded(check: name, body: body)
        print("Icinga recorded for \(name): state \(recorded.state), output \(recorded.output.debugDescription), "
              + "performance data \(recorded.performanceData)")

        #expect(recorded.state == 2, "\(recorded)")
        #expect(recorded.exitStatus == 2, "\(recorded)")
        #expect(recorded.firstLine.wholeMatch(of: try Regex(
            "DISK CRITICAL - \(name): free_percent [0-9.]+ < critical 99.99 \\(/: \\d+% free, \\d+% inodes free\\)")) != nil,
                "\(recorded.output)")
        #expect(recorded.output.contains("\nfree_percent "), "\(recorded.output)")
        #expect(recorded.output.contains("(warning < 100%, critical < 99.99%)"), "\(recorded.output)")

        let free = try #require(recorded.performanceData.first.flatMap(Datum.init), "\(recorded.performanceData)")
        #expect(free.label == "free_percent")
        #expect(free.unit == "%")
        #expect(free.warning == "100:")
        #expect(free.critical == "99.99:")
        #expect(free.minimum == "0" && free.maximum == "100", "\(free)")
        #expect(free.value < 99.99)
        #expect(abs(free.value - Self.rootFreePercent()) < 1, "\(free) vs statvfs \(Self.rootFreePercent())")
    }

    @Test("A command check's own metric: a label with a space arrives quoted, with the configured thresholds")
    func commandMetric() throws {
        let name = TestConfig.uniqueName("queue")
        let body = TestConfig.command(name, ["/bin/sh", "-c", "echo \"QUEUE WARNING - 12 waiting | 'queue depth'=12\"; exit 1"],
                                      interval: "30s", timeout: "5s")
            + "warning = { \"queue depth\" = 10 }\ncritical = { \"queue depth\" = 20 }\n"
        let (recorded, _) = try Self.recorded(check: name, body: body)
        print("Icinga recorded for \(name): state \(recorded.state), output \(recorded.output.debugDescription), "
              + "performance data \(recorded.performanceData)")

        #expect(recorded.state == 1, "\(recorded)")
        #expect(recorded.firstLine == "COMMAND WARNING - \(name): QUEUE WARNING - 12 waiting", "\(recorded.output)")
        #expect(recorded.performanceData == ["'queue depth'=12;10;20"])
        let datum = try #require(recorded.performanceData.first.flatMap(Datum.init))
        #expect(datum.label == "queue depth" && datum.value == 12 && datum.unit.isEmpty, "\(datum)")
        #expect(datum.warning == "10" && datum.critical == "20", "\(datum)")
        // Icinga's own reading: the quoted label unquoted, the plain limits as numbers.
        let icinga = try IcingaInstance.parsePerformanceData(recorded.performanceData[0])
        #expect(icinga["label"] as? String == "queue depth", "\(icinga)")
        #expect(icinga["value"] as? Double == 12 && icinga["unit"] as? String == "", "\(icinga)")
        #expect(icinga["warn"] as? Double == 10 && icinga["crit"] as? Double == 20, "\(icinga)")
    }

    @Test("A check name the config lacks: vigil's usage exit (64) is UNKNOWN to Icinga, with the error as output")
    func unknownName() throws {
        let configured = TestConfig.uniqueName("root")
        let missing = TestConfig.uniqueName("missing")
        let vigilDirectory = try ScratchDirectory()
        let config = try vigilDirectory.write("vigil.toml", TestConfig.disk(configured, interval: "30s", timeout: "5s"))
        let icinga = try IcingaInstance(services: [.init(name: "vigil-missing", vigilCheck: missing, vigilConfig: config)])
        let recorded = try #require(try icinga.waitForCheckResult(of: "vigil-missing"), "\(icinga.log)")
        icinga.stop()
        print("Icinga recorded for \(missing): state \(recorded.state), exit status \(recorded.exitStatus), "
              + "output \(recorded.output.debugDescription)")
        #expect(recorded.state == 3, "\(recorded)")
        #expect(recorded.exitStatus == 64, "\(recorded)")
        #expect(recorded.output.contains("no check named \(missing); configured: \(configured)"), "\(recorded.output)")
        #expect(recorded.performanceData.isEmpty)
    }

    @Test("docs/operations.md shows the CheckCommand these tests run")
    func documentedCheckCommand() throws {
        let operations = try String(contentsOf: RepositoryPaths.file("docs/operations.md"), encoding: .utf8)
        let command = IcingaInstance.checkCommand(vigil: "/usr/local/bin/vigil")
        #expect(operations.contains(command), "docs/operations.md lacks:\n\(command)")
    }
}
