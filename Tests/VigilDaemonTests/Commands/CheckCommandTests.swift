import Foundation
import Testing
import VigilTestSupport

/// `vigil check`: one run of the checks, the report, and the Nagios exit code.
@Suite("vigil check")
struct CheckCommandTests {
    /// One check_dummy per plugin status, a plugin with performance data, and a disabled check.
    struct Fixture {
        let directory: ScratchDirectory
        let names: [String: String]
        let body: String

        init() throws {
            directory = try ScratchDirectory()
            var names: [String: String] = [:]
            var body = ""
            for (label, code) in [("ok", 0), ("warn", 1), ("crit", 2), ("unknown", 3)] {
                let name = TestConfig.uniqueName(label)
                names[label] = name
                body += TestConfig.dummy(name, code: code, message: label == "crit" ? "boom" : label)
            }
            names["perf"] = TestConfig.uniqueName("perf")
            body += TestConfig.command(names["perf"]!, ["/bin/sh", "-c", "echo 'LOAD OK - fine | load=0.5;1;2 used=42%'"])
            names["disabled"] = TestConfig.uniqueName("disabled")
            body += TestConfig.dummy(names["disabled"]!, code: 2, message: "off", enabled: false)
            self.names = names
            self.body = body
        }

        func check(_ labels: [String], format: String? = nil) throws -> ExternalTool.Output {
            let arguments = ["check"] + labels.map { names[$0]! } + (format.map { ["--format", $0] } ?? [])
            return try VigilInvocation.run(arguments, body: body, in: directory)
        }
    }

    @Test("One name: the exit code is that check's status",
          arguments: [("ok", 0), ("warn", 1), ("crit", 2), ("unknown", 3), ("perf", 0)] as [(String, Int32)])
    func oneName(label: String, code: Int32) throws {
        let fixture = try Fixture()
        let output = try fixture.check([label])
        #expect(output.status == code, "\(output)")
        #expect(output.standardOutput.contains(fixture.names[label]!), "\(output.standardOutput)")
    }

    @Test("Several names, or none: the exit code is the overall status (UNKNOWN counts as WARNING)",
          arguments: [(["ok", "perf"], 0), (["ok", "warn"], 1), (["ok", "unknown"], 1),
                      (["warn", "crit", "ok"], 2), ([], 2)] as [([String], Int32)])
    func severalNames(labels: [String], code: Int32) throws {
        let fixture = try Fixture()
        let output = try fixture.check(labels)
        #expect(output.status == code, "\(output)")
    }

    @Test("Without names every enabled check runs; a disabled one runs only when named")
    func disabledCheck() throws {
        let fixture = try Fixture()
        let all = try fixture.check([])
        #expect(!all.standardOutput.contains(fixture.names["disabled"]!), "\(all.standardOutput)")
        #expect(all.standardOutput.hasSuffix("CRITICAL · 5 checks · 1 warning · 1 critical · 1 unknown\n"), "\(all.standardOutput)")
        let named = try fixture.check(["disabled"])
        #expect(named.status == 2, "\(named)")
        #expect(named.standardOutput.contains("CRITICAL: off"), "\(named.standardOutput)")
    }

    @Test("One name prints plugin output: status line with performance data, then the details")
    func oneNamePluginOutput() throws {
        let fixture = try Fixture()
        let name = fixture.names["perf"]!
        let output = try fixture.check(["perf"])
        #expect(output.status == 0, "\(output)")
        let lines = output.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "COMMAND OK - \(name): LOAD OK - fine | load=0.5 used=42%;;;0;100", "\(output.standardOutput)")
        #expect(lines.dropFirst().first?.wholeMatch(of: try Regex("\(name) \\(command\\) ran in [0-9.]+ ms")) != nil,
                "\(output.standardOutput)")
        #expect(Array(lines.dropFirst(2)) == ["load 0.5", "used 42%", ""], "\(output.standardOutput)")
    }

    @Test("--format text keeps the table for one name; --format plugin gives several names one status line")
    func explicitFormats() throws {
        let fixture = try Fixture()
        let table = try fixture.check(["crit"], format: "text")
        #expect(table.status == 2, "\(table)")
        #expect(table.standardOutput.hasPrefix("CRITICAL  \(fixture.names["crit"]!)"), "\(table.standardOutput)")
        #expect(table.standardOutput.hasSuffix("CRITICAL · 1 check · 0 warning · 1 critical\n"), "\(table.standardOutput)")

        let (ok, perf, crit) = (fixture.names["ok"]!, fixture.names["perf"]!, fixture.names["crit"]!)
        let several = try fixture.check(["ok", "perf", "crit"], format: "plugin")
        #expect(several.status == 2, "\(several)")
        #expect(several.standardOutput == """
            VIGIL CRITICAL - 3 checks: 1 critical, 2 healthy | \(perf).load=0.5 \(perf).used=42%;;;0;100
            OK - \(ok) (command): OK: ok
            OK - \(perf) (command): LOAD OK - fine
            CRITICAL - \(crit) (command): CRITICAL: boom

            """, "\(several.standardOutput)")
    }

    @Test("--format json is the stable report shape")
    func jsonShape() throws {
        let fixture = try Fixture()
        let output = try fixture.check(["crit", "perf"], format: "json")
        #expect(output.status == 2, "\(output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any],
                                  "\(output.standardOutput)")
        #expect(Set(object.keys) == ["overall", "timestamp", "checks", "summary"])
        #expect(object["overall"] as? String == "CRITICAL")

        let timestamp = try #require(object["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/) != nil, "\(timestamp)")
        let date = try #require(ISO8601DateFormatter().date(from: timestamp))
        #expect(abs(date.timeIntervalSinceNow) < 60)

        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.count == 2)
        for check in checks {
            #expect(Set(check.keys) == ["name", "kind", "status", "message", "durationMs", "metrics"], "\(check)")
            #expect((check["durationMs"] as? Double).map { $0 >= 0 } == true, "\(check)")
            #expect(check["kind"] as? String == "command")
        }
        let crit = try #require(checks.first)
        #expect(crit["name"] as? String == fixture.names["crit"])
        #expect(crit["status"] as? String == "CRITICAL")
        #expect(crit["message"] as? String == "CRITICAL: boom")
        #expect((crit["metrics"] as? [String: Any])?.isEmpty == true)
        let perf = try #require(checks.last)
        #expect(perf["name"] as? String == fixture.names["perf"])
        #expect(perf["status"] as? String == "HEALTHY")
        #expect(perf["message"] as? String == "LOAD OK - fine")
        let metrics = try #require(perf["metrics"] as? [String: Double], "\(perf)")
        #expect(metrics == ["load": 0.5, "used": 42])

        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["total": 2, "healthy": 1, "warning": 0, "critical": 1, "unknown": 0])
    }

    @Test("An unknown name: exit 64, naming it and listing the configured checks")
    func unknownName() throws {
        let fixture = try Fixture()
        let output = try VigilInvocation.run(["check", "no_such_check"], body: fixture.body, in: fixture.directory)
        #expect(output.status == 64, "\(output)")
        #expect(output.standardError.contains("no_such_check"), "\(output.standardError)")
        for name in fixture.names.values {
            #expect(output.standardError.contains(name), "\(name) not listed: \(output.standardError)")
        }
    }

    @Test("An invalid config: exit 65 with the error, nothing run")
    func invalidConfig() throws {
        let directory = try ScratchDirectory()
        let output = try VigilInvocation.run(["check"], body: TestConfig.memory("memory", interval: "1s", timeout: "5s"),
                                             in: directory)
        #expect(output.status == 65, "\(output)")
        #expect(output.standardError.contains("timeout: must be shorter than interval"), "\(output.standardError)")
        #expect(output.standardOutput.isEmpty)
    }
}
