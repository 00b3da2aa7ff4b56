import Testing
import VigilConfig
import VigilCore

@Suite("Defaults and good configs")
struct DefaultsTests {
    @Test func leftOutKeysTakeTheirDocumentedDefaults() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("""
            [database.main]
            conninfo = "dbname=x"

            [[check]]
            name = "pg"
            kind = "postgres"
            database = "main"

            [[check]]
            name = "web"
            kind = "http"
            url = "https://example.org/"
            """))
        #expect(configuration.daemon == DaemonSettings(stateDirectory: nil, runtimeDirectory: nil, stopTimeout: .seconds(5)))
        #expect(configuration.checks == [
            CheckDefinition(name: "pg", kind: .postgres(PostgresCheckSettings(database: "main", query: "SELECT 1")),
                            interval: .seconds(30), timeout: .seconds(10), enabled: true, severity: .p1, thresholds: []),
            CheckDefinition(name: "web", kind: .http(HTTPCheckSettings(method: "GET", url: "https://example.org/",
                                                                     expectStatus: [200], expectBodyContains: nil)),
                            interval: .seconds(30), timeout: .seconds(10), enabled: true, severity: .p1, thresholds: []),
        ])
        #expect(configuration.checks.map(\.incident) == [.critical, .critical], "a confirmed CRITICAL opens an incident by default")
    }

    @Test func incidentNeverKeepsACheckOutOfIncidents() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("""
            [[check]]
            name = "noisy"
            kind = "disk"
            path = "/"
            incident = "never"
            """))
        #expect(configuration.checks.map(\.incident) == [.never])
    }

    @Test func everyKeyOfEveryKindRoundTrips() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("""
            [daemon]
            state_dir = "/srv/vigil/state"
            runtime_dir = "/srv/vigil/run"
            stop_timeout = "1500ms"

            [database."main-db"]
            conninfo = "postgresql://vigil@db/alexandria"

            [[check]]
            name = "http.full"
            kind = "http"
            url = "http://127.0.0.1:8080/health"
            method = "HEAD"
            expect_status = [200, 204]
            expect_body_contains = "ok"
            interval = "1h"
            timeout = "5m"
            enabled = false
            severity = "P3"
            incident = "warning"
            warning = { latency_ms = 250.5 }

            [[check]]
            name = "plugin"
            kind = "command"
            argv = ["/usr/lib/nagios/plugins/check_load", "-w", "5"]
            env = { LC_ALL = "C", TZ = "UTC" }
            warning = { load1 = 5, free = 30 }
            critical = { load1 = 10, free = 10, rta = 3 }

            [[check]]
            name = "unit_1"
            kind = "systemd_unit"
            unit = "postgresql@15-main.service"

            [[check]]
            name = "pg"
            kind = "postgres"
            database = "main-db"
            query = "SELECT count(*) FROM pg_stat_activity"
            critical = { connections_used_percent = 99.5 }

            [[check]]
            name = "events_defaults"
            kind = "event_store"
            database = "main-db"
            table = "events"

            [[check]]
            name = "events_full"
            kind = "event_store"
            database = "main-db"
            table = "store.Events"
            aggregate_column = "stream"
            version_column = "seq"
            timestamp_column = "at"
            id_column = "id"
            first_version = 0
            max_issues = 7
            position_column = "pos"
            full_every = "6h"
            """))
        #expect(configuration.daemon == DaemonSettings(stateDirectory: "/srv/vigil/state", runtimeDirectory: "/srv/vigil/run",
                                                       stopTimeout: .milliseconds(1500)))
        #expect(configuration.databases == ["main-db": DatabaseSettings(name: "main-db", conninfo: "postgresql://vigil@db/alexandria")])
        #expect(configuration.checks == [
            CheckDefinition(name: "http.full", kind: .http(HTTPCheckSettings(method: "HEAD", url: "http://127.0.0.1:8080/health",
                                                                           expectStatus: [200, 204], expectBodyContains: "ok")),
                            interval: .seconds(3600), timeout: .seconds(300), enabled: false, severity: .p3,
                            thresholds: [MetricThreshold(metric: "latency_ms", direction: .higherIsWorse, warning: 250.5)],
                            incident: .warning),
            CheckDefinition(name: "plugin", kind: .command(CommandCheckSettings(
                argv: ["/usr/lib/nagios/plugins/check_load", "-w", "5"], environment: ["LC_ALL": "C", "TZ": "UTC"])),
                            thresholds: [
                                MetricThreshold(metric: "free", direction: .lowerIsWorse, warning: 30, critical: 10),
                                MetricThreshold(metric: "load1", direction: .higherIsWorse, warning: 5, critical: 10),
                                MetricThreshold(metric: "rta", direction: .higherIsWorse, critical: 3),
                            ]),
            CheckDefinition(name: "unit_1", kind: .systemdUnit(unit: "postgresql@15-main.service")),
            CheckDefinition(name: "pg", kind: .postgres(PostgresCheckSettings(database: "main-db",
                                                                             query: "SELECT count(*) FROM pg_stat_activity")),
                            thresholds: [MetricThreshold(metric: "connections_used_percent", direction: .higherIsWorse,
                                                         critical: 99.5)]),
            CheckDefinition(name: "events_defaults", kind: .eventStore(EventStoreCheckSettings(database: "main-db", table: "events")),
                            severity: .p0),
            CheckDefinition(name: "events_full", kind: .eventStore(EventStoreCheckSettings(
                database: "main-db", table: "store.Events", aggregateColumn: "stream", versionColumn: "seq", timestampColumn: "at",
                idColumn: "id", firstVersion: 0, maxIssues: 7, positionColumn: "pos", fullEvery: .seconds(6 * 3600))),
                            severity: .p0),
        ])
        let full = try #require(configuration.checks.last)
        guard case let .eventStore(settings) = full.kind else {
            Issue.record("not an event_store check: \(full.kind)")
            return
        }
        #expect(settings.schemaAndTable.schema == "store")
        #expect(settings.schemaAndTable.table == "Events")
    }

    @Test func aSingleLimitOnAKnownMetricKeepsTheKindsDirection() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(
            "[[check]]\nname = \"m\"\nkind = \"memory\"\nwarning = { available_percent = 0 }\n"))
        #expect(configuration.checks.first?.thresholds
                == [MetricThreshold(metric: "available_percent", direction: .lowerIsWorse, warning: 0)])
    }
}
