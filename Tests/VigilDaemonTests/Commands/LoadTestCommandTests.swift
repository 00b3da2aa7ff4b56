import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// `vigil loadtest` and a `load` check, from the real binary, against a real service on loopback
/// that the test makes slow and failing: exit 0 while the thresholds hold, 2 naming the one that
/// failed, 3 when the run cannot be made; the check CRITICAL with the threshold in its reason.
@Suite("vigil loadtest", .serialized)
struct LoadTestCommandTests {
    static func scenario(_ url: String, thresholds: String = "max_error_percent = 5\np99_ms = 1000") -> String {
        """
        concurrency = 2
        requests = 40

        [thresholds]
        \(thresholds)

        [[request]]
        url = "\(url)"
        """
    }

    static func json(_ output: ExternalTool.Output) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any], "\(output.standardOutput)")
    }

    @Test("a healthy service: PASSED, exit 0; slow and failing 10 %: FAILED max_error_percent, exit 2; text and JSON")
    func passesThenFails() throws {
        let service = try LoadService()
        let scratch = try ScratchDirectory()
        let path = try scratch.write("api.toml", Self.scenario(service.url()))

        let passed = try VigilInvocation.run(["loadtest", path])
        #expect(passed.status == 0, "\(passed.standardOutput)\(passed.standardError)")
        #expect(passed.standardOutput.hasPrefix("PASSED: every threshold holds\n\nscenario     \(path)\nload         2 connections, 40 requests, closed loop\nrequests     40 in "),
                "\(passed.standardOutput)")
        #expect(passed.standardOutput.contains("\nerrors       0\nlatency ms   min "))
        let passedJSON = try Self.json(try VigilInvocation.run(["loadtest", path, "--format", "json"]))
        #expect(passedJSON["passed"] as? Bool == true && passedJSON["requests"] as? Int == 40 && (passedJSON["failed"] as? [String]) == [])

        try service.slow(milliseconds: 20)
        try service.fail(percent: 10)
        let failed = try VigilInvocation.run(["loadtest", path])
        #expect(failed.status == 2, "\(failed.standardOutput)\(failed.standardError)")
        #expect(failed.standardOutput.hasPrefix("FAILED: max_error_percent\n"), "\(failed.standardOutput)")
        #expect(failed.standardOutput.contains("\nerrors       4 (10.00 %): status_5xx 4\n"), "\(failed.standardOutput)")
        #expect(failed.standardOutput.contains("\nmax_error_percent      5     10.00  FAILED\n"), "\(failed.standardOutput)")
        let failedJSON = try Self.json(try VigilInvocation.run(["loadtest", path, "--format", "json"]))
        #expect(failedJSON["passed"] as? Bool == false && (failedJSON["failed"] as? [String]) == ["max_error_percent"])
        #expect((failedJSON["errors"] as? [String: Int]) == ["status_5xx": 4] && failedJSON["errorPercent"] as? Double == 10)
        // camelCase like every other JSON answer; only `errors` is keyed by data (the error kinds).
        func keys(_ value: Any) -> [String] {
            if let object = value as? [String: Any] { return object.flatMap { [$0.key] + ($0.key == "errors" ? [] : keys($0.value)) } }
            if let array = value as? [Any] { return array.flatMap(keys) }
            return []
        }
        #expect(keys(failedJSON).allSatisfy { !$0.contains("_") }, "\(keys(failedJSON))")
        let latency = try #require(failedJSON["latencyMs"] as? [String: Double])
        #expect(latency.keys.sorted() == ["max", "mean", "min", "p50", "p90", "p99"] && latency["min"]! >= 20, "\(latency)")
    }

    @Test("exit 3 when the run cannot be made: nothing listening, an invalid scenario, no file")
    func couldNotRun() throws {
        let scratch = try ScratchDirectory()
        let port = try LoopbackPort.free()
        let closed = try VigilInvocation.run(["loadtest", try scratch.write("closed.toml", Self.scenario("http://127.0.0.1:\(port)/"))])
        #expect(closed.status == 3 && closed.standardOutput.isEmpty)
        #expect(closed.standardError == "vigil loadtest: cannot connect to 127.0.0.1:\(port): Connection refused\n", "\(closed.standardError)")

        let invalid = try scratch.write("invalid.toml", "concurrency = 0\nrequests = 5\n[[request]]\nurl = \"https://api/\"\n")
        let refused = try VigilInvocation.run(["loadtest", invalid])
        #expect(refused.status == 3)
        #expect(refused.standardError == """
            \(invalid):1:1: concurrency: must be from 1 to 10000, got 0
            \(invalid):4:1: request #1: url: must be an http:// URL: the load generator speaks plain HTTP/1.1 (aim it at the service behind its TLS proxy), got "https://api/"

            """, "\(refused.standardError)")

        let missing = try VigilInvocation.run(["loadtest", scratch.file("none.toml")])
        #expect(missing.status == 3 && missing.standardError == "\(scratch.file("none.toml")): cannot read: No such file or directory\n")
    }

    @Test("--help teaches the scenario, the rate and the exit codes")
    func help() throws {
        let help = try VigilInvocation.run(["loadtest", "--help"])
        for phrase in ["concurrency", "duration", "rate", "[thresholds]", "[[request]]", "coordinated", "omission", "HdrHistogram",
                       "Exits 0 when every", "threshold holds, 2 when one fails, 3 when the run could not be made"] {
            #expect(help.standardOutput.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: " ").contains(phrase),
                    "\(phrase): \(help.standardOutput)")
        }
    }

    @Test("a load check: HEALTHY, then CRITICAL naming error_percent once the service fails 10 % of requests")
    func scheduledCheck() throws {
        let service = try LoadService()
        let scratch = try ScratchDirectory()
        let body = """
            [[check]]
            name = "api_load"
            kind = "load"
            url = "\(service.url())"
            concurrency = 2
            rate = 20
            requests = 20
            timeout = "5s"
            warning = { p99_ms = 1000 }
            """
        let healthy = try VigilInvocation.run(["check", "api_load", "--format", "json"], body: body, in: scratch)
        #expect(healthy.status == 0, "\(healthy.standardOutput)\(healthy.standardError)")
        try service.fail(percent: 10)
        let critical = try VigilInvocation.run(["check", "api_load"], body: body, in: scratch)
        #expect(critical.status == 2, "\(critical.standardOutput)")
        #expect(critical.standardOutput.contains("error_percent 10 > critical 5"), "\(critical.standardOutput)")
        #expect(critical.standardOutput.contains("20 requests in"), "\(critical.standardOutput)")

        let tooBig = try VigilInvocation.run(["check", "api_load"], body: body.replacingOccurrences(of: "rate = 20", with: "rate = 200"), in: scratch)
        #expect(tooBig.status == 65)
        #expect(tooBig.standardError.contains("check \"api_load\": rate: must be at most max_rate (20 requests/s, the default), got 200"), "\(tooBig.standardError)")
    }
}
