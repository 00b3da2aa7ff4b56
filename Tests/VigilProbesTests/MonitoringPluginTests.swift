import Testing
import VigilCore
import VigilProbes
import VigilTestSupport

/// Debian's check_pgsql and check_http run as `command` checks against real servers: the
/// plugins a Nagios or Icinga user already has keep working under Vigil.
@Suite struct MonitoringPluginTests {
    static let plugins = "/usr/lib/nagios/plugins"

    private func observe(_ argv: [String], environment: [String: String] = [:]) async throws -> Observation {
        try await CommandProbe(settings: CommandCheckSettings(argv: argv, environment: environment))
            .observe(until: .now + .seconds(20))
    }

    @Test func checkPgsqlReachesARunningClusterThroughTheConfiguredEnvironment() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        // PGHOST names the socket folder: the plugin sees it only because `env` passed it on.
        let argv = ["\(Self.plugins)/check_pgsql", "-P", String(cluster.port), "-l", "postgres", "-d", "postgres"]
        let up = try await observe(argv, environment: ["PGHOST": cluster.directory])
        #expect(up.status == .healthy, "\(up.message)")
        #expect(up.message.hasPrefix("OK - database postgres"))
        #expect(up.metrics["time"] != nil)

        try await runOnOwnThread { try cluster.stop() }
        let down = try await observe(argv, environment: ["PGHOST": cluster.directory])
        #expect(down.status == .critical, "\(down.message)")
    }

    @Test func checkHTTPJudgesALoopbackServer() async throws {
        let server = try LoopbackHTTPServer()
        func run(_ path: String) async throws -> Observation {
            try await observe(["\(Self.plugins)/check_http", "-H", "127.0.0.1", "-p", String(server.port), "-u", path, "-t", "10"])
        }
        let healthy = try await run("/health")
        #expect(healthy.status == .healthy, "\(healthy.message)")
        #expect(healthy.metrics["time"] != nil && healthy.metrics["size"] != nil)

        let failing = try await run("/status/503")
        #expect(failing.status == .critical, "\(failing.message)")
        #expect(failing.message.contains("503"))
    }
}
