import Testing
import VigilConfig
import VigilCore

/// `[[sample]]`: a check to the engine (its name shared with checks, its decision keys), with its
/// own kinds and rule keys; every mistake named with file:line, table and key.
@Suite struct SampleConfigTests {
    static let database = "[database.main]\nconninfo = \"host=/run/postgresql dbname=app\"\n\n"

    @Test func everyKeyRoundTrips() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(Self.database + """
            [[sample]]
            name = "slowest_query"
            kind = "sql"
            database = "main"
            query = "SELECT count(*) FROM events"
            interval = "1m"
            timeout = "20s"
            window = 20
            factor = 2.5
            min_delta = "20ms"
            for = 3
            memory_growth = "1.5GB"
            leak_window = "2h"
            cpu_percent = 75
            cpu_for = "10m"
            severity_on_finding = "critical"
            severity = "P2"
            fail_after = 2

            [[sample]]
            name = "api_latency"
            kind = "http"
            url = "http://127.0.0.1:8080/api/v1/documents"
            """))
        let sql = try #require(configuration.checks.first { $0.name == "slowest_query" })
        #expect(sql.kind == .sample(SampleSettings(
            measure: .sql(database: "main", query: "SELECT count(*) FROM events"),
            rules: SampleRules(window: 20, factor: 2.5, minDelta: .milliseconds(20), sustainFor: 3, memoryGrowthBytes: 1.5e9,
                               leakWindow: .seconds(7200), cpuPercent: 75, cpuFor: .seconds(600), statusOnFinding: .critical))))
        #expect(sql.interval == .seconds(60) && sql.timeout == .seconds(20) && sql.severity == .p2)
        #expect(sql.kind.name == "sample_sql" && sql.breakerTarget == nil)
        let http = try #require(configuration.checks.first { $0.name == "api_latency" })
        #expect(http.kind == .sample(SampleSettings(measure: .http(HTTPCheckSettings(url: "http://127.0.0.1:8080/api/v1/documents")))))
    }

    @Test func unitAndProcessSamples() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("""
            [[sample]]
            name = "api_unit"
            kind = "unit"
            unit = "alexandria-api.service"
            memory_growth = "150MiB"

            [[sample]]
            name = "replay"
            kind = "process"
            pid_file = "/run/alexandria/replay.pid"
            cpu_percent = 80
            """))
        #expect(configuration.checks.map(\.kind) == [
            .sample(SampleSettings(measure: .unit("alexandria-api.service"), rules: SampleRules(memoryGrowthBytes: 150 * 1024 * 1024))),
            .sample(SampleSettings(measure: .process(pidFile: "/run/alexandria/replay.pid"), rules: SampleRules(cpuPercent: 80))),
        ])
        #expect(ConfigTestHelpers.errors("[[sample]]\nname = \"u\"\nkind = \"unit\"\nunit = \"api\"\n\n[[sample]]\nname = \"p\"\nkind = \"process\"\npid_file = \"run/x.pid\"\n")
            .map(\.description) == [
                "bad.toml:4:1: sample \"u\": unit: must be a unit name with its type suffix, such as \"postgresql.service\", got \"api\"",
                "bad.toml:9:1: sample \"p\": pid_file: must be an absolute path, got \"run/x.pid\"",
            ])
    }

    @Test func mistakesAreNamed() {
        let errors = ConfigTestHelpers.errors(Self.database + """
            [[check]]
            name = "db"
            kind = "postgres"
            database = "main"

            [[sample]]
            name = "db"
            kind = "sql"
            database = "nope"
            url = "http://x"
            factor = 1
            memory_growth = "lots"
            warning = { duration_ms = 5 }

            [[sample]]
            name = "q"
            kind = "disk"
            """).map(\.description)
        #expect(errors == [
            "bad.toml:9:1: sample \"db\": query: missing required key",
            "bad.toml:10:1: sample \"db\": name: duplicate check name \"db\": already defined earlier in bad.toml",
            "bad.toml:12:1: sample \"db\": database: no [database.nope] table in any file (defined: main)",
            "bad.toml:13:1: sample \"db\": url: not a key of kind sql (it belongs to kind http)",
            "bad.toml:14:1: sample \"db\": factor: must be greater than 1, got 1",
            "bad.toml:15:1: sample \"db\": memory_growth: expected a size greater than zero such as \"100MB\", \"1.5GB\" or \"512KiB\", got \"lots\"",
            "bad.toml:16:1: sample \"db\": warning: unknown key",
            "bad.toml:20:1: sample \"q\": kind: must be one of sql, http, unit or process, got \"disk\"",
        ], "\(errors)")
    }
}
