import Foundation
import Testing
import VigilConfig
import VigilCore
import VigilTestSupport

@Suite("The shipped configs load")
struct ShippedConfigTests {
    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: RepositoryPaths.file(relativePath), encoding: .utf8)
    }

    static func load(_ relativePath: String) throws -> VigilConfiguration {
        let result = ConfigLoader.parse(files: [(relativePath, try text(relativePath))])
        if case .failure(let errors) = result { Issue.record("\(errors)") }
        return try result.get()
    }

    @Test func alexandriaDefaultsAreTheSeedsSixChecks() throws {
        let configuration = try Self.load("config/vigil.toml")
        let conninfo = "host=/run/postgresql dbname=alexandria user=vigil connect_timeout=5"
        var expected = VigilConfiguration(
            daemon: DaemonSettings(stopTimeout: .seconds(5)),
            databases: ["alexandria": DatabaseSettings(name: "alexandria", conninfo: conninfo)],
            checks: [
                CheckDefinition(name: "database", kind: .postgres(PostgresCheckSettings(database: "alexandria")),
                                interval: .seconds(15), timeout: .seconds(5), severity: .p0, thresholds: [
                                    MetricThreshold(metric: "connections_used_percent", direction: .higherIsWorse,
                                                    warning: 80, critical: 95),
                                    MetricThreshold(metric: "latency_ms", direction: .higherIsWorse, warning: 200, critical: 1000),
                                ]),
                CheckDefinition(name: "event_store",
                                kind: .postgres(PostgresCheckSettings(database: "alexandria", query: "SELECT 1 FROM events LIMIT 1")),
                                interval: .seconds(30), timeout: .seconds(5), severity: .p0, thresholds: [
                                    MetricThreshold(metric: "latency_ms", direction: .higherIsWorse, warning: 500, critical: 2000),
                                ]),
                CheckDefinition(name: "event_store_consistency",
                                kind: .eventStore(EventStoreCheckSettings(database: "alexandria", table: "events", positionColumn: "position")),
                                interval: .seconds(120), timeout: .seconds(90), severity: .p0, dependsOn: ["event_store"]),
                CheckDefinition(name: "api", kind: .http(HTTPCheckSettings(url: "http://127.0.0.1:8080/health")),
                                interval: .seconds(15), timeout: .seconds(5), severity: .p0, thresholds: [
                                    MetricThreshold(metric: "latency_ms", direction: .higherIsWorse, warning: 500, critical: 2000),
                                ]),
                CheckDefinition(name: "plugin_system", kind: .http(HTTPCheckSettings(url: "http://127.0.0.1:8080/plugins/health")),
                                interval: .seconds(30), timeout: .seconds(5), severity: .p1, thresholds: [
                                    MetricThreshold(metric: "latency_ms", direction: .higherIsWorse, warning: 1000, critical: 3000),
                                ]),
                CheckDefinition(name: "memory", kind: .memory, interval: .seconds(30), timeout: .seconds(2), severity: .p1,
                                thresholds: [
                                    MetricThreshold(metric: "available_percent", direction: .lowerIsWorse, warning: 15, critical: 5),
                                ]),
                CheckDefinition(name: "disk_space", kind: .disk(path: "/var/lib/postgresql"),
                                interval: .seconds(60), timeout: .seconds(5), severity: .p1, thresholds: [
                                    MetricThreshold(metric: "free_percent", direction: .lowerIsWorse, warning: 20, critical: 10),
                                    MetricThreshold(metric: "inodes_free_percent", direction: .lowerIsWorse, warning: 20, critical: 10),
                                ]),
                CheckDefinition(name: "backups", kind: .backupAge(BackupAgeSettings(destination: "/backups", maxAge: .seconds(26 * 3600))),
                                interval: .seconds(600), timeout: .seconds(10), severity: .p1),
                CheckDefinition(name: "api_tls", kind: .tls(TLSCheckSettings(host: "127.0.0.1", port: 443, serverName: "alexandria.example.com")),
                                interval: .seconds(3600), timeout: .seconds(10), severity: .p0, thresholds: [TLSCheckSettings.defaultThreshold]),
                CheckDefinition(name: "api_auth", kind: .auth(AuthCheckSettings(url: "http://127.0.0.1:8080/api/v1/documents",
                                                                                credential: .systemd("alexandria-api-token"))),
                                interval: .seconds(300), timeout: .seconds(10), severity: .p0),
                CheckDefinition(name: "config_review", kind: .filePermissions(FilePermissionsSettings(
                    paths: ["/etc/vigil", "/srv/alexandria/config"], owner: "root", noWorldWritable: true,
                    secrets: [.init(path: "/srv/alexandria/config/secrets/*", owner: "alexandria")])),
                                interval: .seconds(600), timeout: .seconds(30), severity: .p0),
                CheckDefinition(name: "api_load", kind: .load(LoadCheckSettings(scenario: LoadScenario(
                    concurrency: 2, bound: .duration(.seconds(5)), rate: 5, requests: [LoadRequest(url: "http://127.0.0.1:8080/health")]))),
                                interval: .seconds(600), timeout: .seconds(15), severity: .p2, thresholds: [
                                    MetricThreshold(metric: "p99_ms", direction: .higherIsWorse, warning: 500, critical: 2000),
                                ] + LoadCheckSettings.defaultThresholds),
                // The seed's PerformanceMonitor: its slowest query, the API's latency, the API unit's memory, the replay's CPU.
                CheckDefinition(name: "slowest_query", kind: .sample(SampleSettings(
                    measure: .sql(database: "alexandria", query: "SELECT count(*) FROM events WHERE aggregate_id = "
                                  + "(SELECT aggregate_id FROM events ORDER BY position DESC LIMIT 1)"),
                    rules: SampleRules(sustainFor: 2))), interval: .seconds(60), timeout: .seconds(20), severity: .p2),
                CheckDefinition(name: "api_latency", kind: .sample(SampleSettings(
                    measure: .http(HTTPCheckSettings(url: "http://127.0.0.1:8080/health")), rules: SampleRules(sustainFor: 3))),
                                interval: .seconds(30), timeout: .seconds(5), severity: .p2),
                CheckDefinition(name: "api_memory", kind: .sample(SampleSettings(measure: .unit("alexandria-api.service"))),
                                interval: .seconds(60), timeout: .seconds(5), severity: .p2),
                CheckDefinition(name: "event_replay_cpu", kind: .sample(SampleSettings(
                    measure: .unit("alexandria-replay.service"), rules: SampleRules(cpuPercent: 90, cpuFor: .seconds(600)))),
                                interval: .seconds(30), timeout: .seconds(5), severity: .p2),
            ],
            sources: ["config/vigil.toml"],
            backup: BackupSettings(database: "alexandria", storage: ["/srv/alexandria/storage", "/srv/alexandria/config"],
                                   destination: "/backups", verify: .restore,
                                   schedule: .daily(at: BackupSchedule.TimeOfDay(hour: 2, minute: 30)!)),
            // The seed's matrix and template, every role and auto action on the journal until real notifiers are set up.
            incidents: IncidentSettings(
                roles: Dictionary(uniqueKeysWithValues: ["on-call-engineer", "tech-lead", "engineering-manager", "cto"].map { ($0, ["journal"]) }),
                notifiers: Dictionary(uniqueKeysWithValues: ["journal", "alert-team", "start-bridge"].map {
                    ($0, NotifierSettings(name: $0, kind: .journal))
                })))
        expected.metrics = MetricsSettings(listen: ListenAddress(host: "127.0.0.1", port: 9464))
        expected.release = ReleaseSettings(source: .file("/srv/alexandria/current/VERSION"))
        expected.rollback = RollbackSettings(steps: [
            .switchSymlink(link: "/srv/alexandria/current", target: "/srv/alexandria/releases/{version}"),
            .restore(.lastOfRelease),
            .remediation(.exec(["/usr/bin/redis-cli", "-n", "0", "FLUSHDB"], timeout: .seconds(30))),
            .remediation(.restartUnit("alexandria-api.service")),
        ], verifyFor: .seconds(120), mode: .dryRun)
        #expect(configuration == expected)
    }

    @Test func theCommentedExamplesAreValidWhenUncommented() throws {
        // The examples are there to be copied: they must work once their `# ` is removed.
        let text = try Self.text("config/vigil.toml")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("# [[check]]") }) else {
            Issue.record("no commented-out example found")
            return
        }
        let examples = lines[start...]
            .filter { $0.hasPrefix("# ") && !$0.dropFirst(2).hasPrefix(" ") && $0.contains(where: { $0 == "=" || $0 == "[" }) }
            .filter { line in ["name", "kind", "argv", "env", "interval", "timeout", "severity", "unit", "[[check]]",
                               "spec", "baseline", "base_url", "operations", "parameters"]
                .contains { line.dropFirst(2).hasPrefix($0) } }
            .map { $0.dropFirst(2) }
            .joined(separator: "\n")
        let configuration = try #require(ConfigTestHelpers.configuration(examples), "\(ConfigTestHelpers.errors(examples))")
        #expect(configuration.checks.map(\.kind.name) == ["command", "systemd_unit", "contract"])
        #expect(configuration.checks.last?.kind == .contract(ContractCheckSettings(
            spec: "/etc/vigil/contracts/alexandria-api.yaml", specURL: "http://127.0.0.1:8080/api/openapi.json",
            baseline: "/etc/vigil/contracts/alexandria-api.yaml", baseURL: "http://127.0.0.1:8080",
            operations: ["getHealth", "GET /api/v1/documents/{id}"], parameters: ["id": "00000000-0000-0000-0000-000000000001"])))
        #expect(configuration.checks.first?.kind == .command(CommandCheckSettings(
            argv: ["/usr/lib/nagios/plugins/check_disk", "-w", "10%", "-c", "5%", "-p", "/var/lib/postgresql"],
            environment: ["LC_ALL": "C"])))
    }

    @Test func theCommentedNotifierExamplesAreValidWhenUncommented() throws {
        // Each `# [notifier.NAME]` block, uncommented up to the blank line after it, must load.
        let text = try Self.text("config/vigil.toml")
        var blocks: [String] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# [notifier.") { inBlock = true }
            if line.isEmpty { inBlock = false }
            if inBlock, line.hasPrefix("# ") { blocks.append(String(line.dropFirst(2))) }
        }
        let uncommented = text + "\n" + blocks.joined(separator: "\n") + "\n"
        let configuration = try #require(ConfigTestHelpers.configuration(uncommented), "\(ConfigTestHelpers.errors(uncommented))")
        let notifiers = configuration.incidents.notifiers
        #expect(notifiers["oncall-mail"]?.kind == .command(argv: ["/usr/sbin/sendmail", "-t"], environment: [:],
                                                           headers: ["To": "oncall@example.com", "From": "vigil@alexandria.example.com"]))
        #expect(notifiers["pager"]?.kind == .webhook(url: "https://pager.example.com/hooks/vigil", headers: ["X-Team": "alexandria"],
                                                     secret: .credential("pager-hmac")))
        #expect(notifiers["alertmanager"]?.kind == .alertmanager(url: "http://127.0.0.1:9093"))
    }

    @Test func theCommentedDecisionKeysAreValidAndShowTheDefaults() throws {
        // Uncommenting the decision keys, [breaker] and the plan must give a valid file whose
        // spelled-out defaults are the ones the code applies.
        let keys = ["mode", "max_concurrent_remediations", "[breaker]", "failure_threshold", "reset_timeout",
                    "success_threshold", "fail_after", "recover_after", "flap_low", "flap_high", "depends_on",
                    "remediation", "[remediation.", "steps", "max_attempts", "window", "backoff", "backoff_max",
                    "healthy_for", "grace", "verify_successes", "verify_timeout"]
        let text = try Self.text("config/vigil.toml")
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            let rest = line.dropFirst(2)
            let isSetting = line.hasPrefix("# ") && keys.contains { key in
                key.hasPrefix("[") ? rest.hasPrefix(key) : rest.hasPrefix(key + " = ")
            }
            return isSetting ? rest : line
        }.joined(separator: "\n")
        let configuration = try #require(ConfigTestHelpers.configuration(uncommented), "\(ConfigTestHelpers.errors(uncommented))")
        let original = try Self.load("config/vigil.toml")
        #expect(configuration.daemon == original.daemon)
        #expect(configuration.breaker == CircuitBreaker.Settings())
        let checks = Dictionary(uniqueKeysWithValues: configuration.checks.map { ($0.name, $0) })
        #expect(checks["database"]?.confirmation == .default)
        #expect(checks["database"]?.flapping == .default)
        #expect(checks["event_store"]?.dependsOn == ["database"])
        #expect(checks["api"]?.remediation == "restart-api")
        #expect(configuration.remediationPlans == ["restart-api": RemediationPlan(
            name: "restart-api", steps: [.restartUnit("alexandria-api.service")])])
    }

    @Test func demoConfigRunsEveryKindEveryFiveSeconds() throws {
        let configuration = try Self.load("config/demo.toml")
        #expect(configuration.checks.map(\.name)
                == ["database", "event_store", "event_store_consistency", "api", "plugin_system", "memory", "disk_space",
                    "root_disk_plugin", "backups", "app_release"])
        #expect(configuration.checks.allSatisfy { $0.interval == .seconds(5) && $0.timeout == .seconds(2) && $0.enabled })
        #expect(configuration.daemon.stateDirectory?.hasPrefix("/tmp/vigil-demo/") == true)
        #expect(configuration.daemon.runtimeDirectory?.hasPrefix("/tmp/vigil-demo/") == true)
        #expect(configuration.databases["demo"]?.conninfo.contains("host=/tmp/vigil-demo port=54329") == true)
        #expect(configuration.checks.first { $0.name == "root_disk_plugin" }?.kind == .command(CommandCheckSettings(
            argv: ["/usr/lib/nagios/plugins/check_disk", "-w", "10%", "-c", "5%", "-p", "/"], environment: ["LC_ALL": "C"])))
        #expect(configuration.checks.first { $0.name == "disk_space" }?.kind == .disk(path: "/"))
        #expect(configuration.checks.first { $0.name == "api" }?.kind
                == .http(HTTPCheckSettings(url: "http://127.0.0.1:8765/health")))
        #expect(configuration.release == ReleaseSettings(source: .file("/tmp/vigil-demo/current/VERSION"), every: .seconds(5), stableFor: .seconds(60)))
        #expect(configuration.rollback?.trigger.checks == ["app_release"])
        #expect(configuration.rollback?.mode == .enforce)
    }

    @Test(arguments: ["config/vigil.toml", "config/demo.toml"])
    func shippedFileLoadsFromDiskWithItsMode(relativePath: String) throws {
        // The repository's own copy, through the same path the daemon takes (mode check included).
        let path = RepositoryPaths.file(relativePath).path
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        try #require(mode & 0o022 == 0, "checked out group- or world-writable; the loader would refuse it")
        #expect(throws: Never.self) { try ConfigLoader.load(paths: [path]).get() }
    }
}
