import Testing
@testable import VigilConfig
import VigilCore
import VigilTestSupport
import Foundation

/// `kind = "load"`: every key read, the seed's limits as default thresholds, the ceilings that
/// refuse a run too big for a schedule; and the scenario file of `vigil loadtest`, each error
/// with its file, table, key, line and column.
@Suite struct LoadConfigTests {
    static func check(_ body: String) -> String {
        "[[check]]\nname = \"api_load\"\nkind = \"load\"\nurl = \"http://127.0.0.1:8080/api/documents\"\n" + body
    }

    @Test func readsEveryKey() throws {
        let text = Self.check("""
            method = "POST"
            headers = { Content-Type = "application/json", X-Request-Source = "vigil" }
            body = '{"query": "status"}'
            concurrency = 6
            requests = 120
            rate = 30
            max_concurrency = 8
            max_rate = 40
            max_duration = "5s"
            timeout = "8s"
            critical = { p99_ms = 250 }
            """)
        let check = try #require(ConfigTestHelpers.configuration(text)?.checks.first)
        let request = LoadRequest(method: "POST", url: "http://127.0.0.1:8080/api/documents",
                                  headers: [.init("Content-Type", "application/json"), .init("X-Request-Source", "vigil")],
                                  body: "{\"query\": \"status\"}")
        #expect(check.kind == .load(LoadCheckSettings(scenario: LoadScenario(concurrency: 6, bound: .requests(120), rate: 30, requests: [request]),
                                                      ceilings: LoadCeilings(maxConcurrency: 8, maxRate: 40, maxDuration: .seconds(5)))))
        #expect(check.thresholds.map(\.metric) == ["p99_ms", "average_ms", "error_percent"])
        #expect(check.breakerTarget == "http://127.0.0.1:8080")
    }

    @Test func smallByDefault() throws {
        let check = try #require(ConfigTestHelpers.configuration(Self.check(""))?.checks.first)
        guard case .load(let settings) = check.kind else { Issue.record("\(check.kind)"); return }
        #expect(settings.scenario.concurrency == 1 && settings.scenario.rate == 5 && settings.scenario.bound == .duration(.seconds(5)))
        #expect(settings.ceilings == LoadCeilings(maxConcurrency: 4, maxRate: 20, maxDuration: .seconds(10)))
        #expect(check.thresholds == LoadCheckSettings.defaultThresholds)
        // A limit the check names replaces the seed's for that metric only.
        let own = try #require(ConfigTestHelpers.configuration(Self.check("warning = { error_percent = 1 }\ncritical = { error_percent = 2 }\n"))?.checks.first)
        #expect(own.thresholds == [MetricThreshold(metric: "error_percent", direction: .higherIsWorse, warning: 1, critical: 2),
                                   MetricThreshold(metric: "average_ms", direction: .higherIsWorse, critical: 5000)])
    }

    @Test func unknownMetricNamesTheLoadMetrics() {
        let errors = ConfigTestHelpers.errors(Self.check("critical = { p95_ms = 10 }\n")).map(\.description)
        #expect(errors.count == 1 && errors[0].hasPrefix("bad.toml:5:1: check \"api_load\": critical.p95_ms: "), "\(errors)")
        #expect(errors.first?.contains("p99_ms") == true, "\(errors)")
    }

    // MARK: The scenario file

    static let scenario = """
        concurrency = 8
        duration = "30s"
        rate = 400
        timeout = "2s"

        [thresholds]
        max_average_ms = 200
        max_error_percent = 1
        p99_ms = 500

        [[request]]
        url = "http://127.0.0.1:8080/api/documents"
        headers = { Accept = "application/json" }

        [[request]]
        method = "POST"
        url = "http://127.0.0.1:8080/api/documents/search"
        body = '{"q": "tax"}'
        """

    @Test func readsAScenario() throws {
        let scenario = try LoadScenarioDecoder.parse(text: Self.scenario, file: "s.toml").get()
        #expect(scenario == LoadScenario(concurrency: 8, bound: .duration(.seconds(30)), rate: 400, timeout: .seconds(2),
                                         thresholds: LoadThresholds(maxAverageMs: 200, maxErrorPercent: 1, p99Ms: 500), requests: [
                                             LoadRequest(url: "http://127.0.0.1:8080/api/documents", headers: [.init("Accept", "application/json")]),
                                             LoadRequest(method: "POST", url: "http://127.0.0.1:8080/api/documents/search", body: "{\"q\": \"tax\"}"),
                                         ]))
        let minimal = try LoadScenarioDecoder.parse(text: "requests = 100\n[[request]]\nurl = \"http://h/\"\n", file: "s.toml").get()
        #expect(minimal == LoadScenario(concurrency: 1, bound: .requests(100), requests: [LoadRequest(url: "http://h/")]))
        #expect(minimal.thresholds == LoadThresholds(maxAverageMs: 5000, maxErrorPercent: 5, p99Ms: nil))
    }

    @Test func theExampleScenarioDecodes() throws {
        let path = RepositoryPaths.file("config/load/api-smoke.toml").path
        let scenario = try LoadScenarioDecoder.load(path: path).get()
        #expect(scenario.concurrency == 8 && scenario.rate == 200 && scenario.bound == .duration(.seconds(30)))
        #expect(scenario.thresholds == LoadThresholds(maxAverageMs: 5000, maxErrorPercent: 5, p99Ms: 500) && scenario.requests.count == 2)
    }

    static func errors(_ text: String) -> [String] {
        switch LoadScenarioDecoder.parse(text: text, file: "s.toml") {
        case .success: return []
        case .failure(let errors): return errors.errors.map(\.description)
        }
    }

    static let request = "\n[[request]]\nurl = \"http://127.0.0.1:8080/\"\n"

    @Test("each bad scenario: one error naming file, line:column (where the key is written), table and key", arguments: [
        ("[[request]]\nurl = \"http://h/\"\n",
         "s.toml: duration: missing required key: a run stops by itself after duration = \"30s\" or after requests = 10000"),
        ("duration = \"10s\"\n", "s.toml: request: missing required key: at least one [[request]] with a url"),
        ("duration = \"10s\"\nrequest = \"http://h/\"\n", "s.toml:2:1: request: expected [[request]] tables, each with a url, got string"),
        ("duration = \"10s\"\nrequests = 5\n" + request,
         "s.toml:2:1: requests: give duration (a run of a set length) or requests (a set number of requests), not both"),
        ("duration = 10\n" + request, "s.toml:1:1: duration: expected a duration string such as \"15s\", got integer (write \"10s\" for seconds)"),
        ("duration = \"10s\"\nconcurrency = 0\n" + request, "s.toml:2:1: concurrency: must be from 1 to 10000, got 0"),
        ("duration = \"10s\"\nrate = -5\n" + request, "s.toml:2:1: rate: must be greater than 0, got -5"),
        ("duration = \"10s\"\ntimeout = \"0s\"\n" + request, "s.toml:2:1: timeout: must be greater than zero, got \"0s\""),
        ("duration = \"10s\"\nconcurency = 4\n" + request, "s.toml:2:1: concurency: unknown key; did you mean \"concurrency\"?"),
        ("duration = \"10s\"\n[thresholds]\nmax_error_percent = 150\n" + request,
         "s.toml:3:1: thresholds: max_error_percent: must be from 0 to 100, got 150"),
        ("duration = \"10s\"\n[thresholds]\nmax_average_ms = 0\n" + request, "s.toml:3:1: thresholds: max_average_ms: must be greater than 0, got 0"),
        ("duration = \"10s\"\n[thresholds]\np99_ms = \"fast\"\n" + request, "s.toml:3:1: thresholds: p99_ms: expected a number, got string"),
        ("duration = \"10s\"\n[thresholds]\np95_ms = 100\n" + request, "s.toml:3:1: thresholds: p95_ms: unknown key; did you mean \"p99_ms\"?"),
        ("duration = \"10s\"\nthresholds = 5\n" + request, "s.toml:2:1: thresholds: expected a table, got integer"),
        ("duration = \"10s\"\n[[request]]\nmethod = \"GET\"\n", "s.toml:2:1: request #1: url: missing required key"),
        ("duration = \"10s\"\n[[request]]\nurl = \"https://api/\"\n",
         "s.toml:3:1: request #1: url: must be an http:// URL: the load generator speaks plain HTTP/1.1 (aim it at the service behind its TLS proxy), got \"https://api/\""),
        ("duration = \"10s\"\n[[request]]\nurl = \"127.0.0.1:8080/\"\n",
         "s.toml:3:1: request #1: url: must be an http:// URL with a host and an optional port, such as \"http://127.0.0.1:8080/health\", got \"127.0.0.1:8080/\""),
        ("duration = \"10s\"\n[[request]]\nurl = \"http://a:1/\"\n[[request]]\nurl = \"http://b:1/\"\n",
         "s.toml:5:1: request #2: url: must go to a:1 like request #1: each connection of a run talks to one server, got \"http://b:1/\""),
        ("duration = \"10s\"\n[[request]]\nurl = \"http://h/\"\nmethod = \"get\"\n",
         "s.toml:4:1: request #1: method: must be one of GET, HEAD, POST, PUT, DELETE, OPTIONS or PATCH, got \"get\""),
        ("duration = \"10s\"\n[[request]]\nurl = \"http://h/\"\nheaders = { X-Id = \"a\\nb\" }\n",
         "s.toml:4:1: request #1: headers.X-Id: must not contain a line break"),
        ("duration = \"10s\"\n[[request]]\nurl = \"http://h/\"\nheader = { X-Id = \"a\" }\n",
         "s.toml:4:1: request #1: header: unknown key; did you mean \"headers\"?"),
        ("duration = \"10s\"\n[[request]]\nurl = \"http://h/\"\nbody = 5\n", "s.toml:4:1: request #1: body: expected a string, got integer"),
        ("duration = \"10s\n", "s.toml:1:16: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited"),
    ])
    func badScenario(text: String, message: String) {
        let errors = Self.errors(text)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first == message)
    }
}

/// docs/load-testing.md is the scenario file's reference: it names every key the decoder accepts.
@Suite struct LoadScenarioDocsTests {
    @Test func documentsEveryScenarioKey() throws {
        let reference = try String(contentsOf: RepositoryPaths.file("docs/load-testing.md"), encoding: .utf8)
        for key in LoadScenarioDecoder.topKeys.filter({ $0 != "thresholds" && $0 != "request" }) + LoadScenarioDecoder.thresholdKeys
            + LoadRequestReader.requestKeys {
            #expect(reference.contains("`\(key)`"), "docs/load-testing.md does not mention `\(key)`")
        }
        #expect(reference.contains("`[thresholds]`") && reference.contains("`[[request]]`"))
        for kind in LoadErrorKind.allCases { #expect(reference.contains("`\(kind.rawValue)`"), "\(kind)") }
    }
}
