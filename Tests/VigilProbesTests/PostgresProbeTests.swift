import Testing
import VigilCore
import VigilPostgres
import VigilProbes
import VigilTestSupport

/// The `postgres` probe against a real throwaway cluster.
@Suite struct PostgresProbeTests {
    private func probe(_ cluster: PostgresCluster, conninfo: String? = nil, query: String = "SELECT 1") -> PostgresProbe {
        PostgresProbe(database: DatabaseSettings(name: "primary", conninfo: conninfo ?? cluster.conninfo),
                      settings: PostgresCheckSettings(database: "primary", query: query))
    }

    private func failure(of probe: PostgresProbe, within timeout: Duration) async -> (ProbeError?, Duration) {
        let started = ContinuousClock.now
        do {
            _ = try await probe.observe(until: started + timeout)
            return (nil, started.duration(to: .now))
        } catch {
            return (error as? ProbeError, started.duration(to: .now))
        }
    }

    @Test func aHealthyServerReportsLatencyAndConnectionUse() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let observation = try await probe(cluster).observe(until: .now + .seconds(10))
        #expect(observation.status == .healthy)
        let latency = try #require(observation.metrics["latency_ms"])
        let used = try #require(observation.metrics["connections_used_percent"])
        #expect(latency > 0 && latency < 10_000)
        #expect(used == 1, "the probe's own connection, of max_connections = 100")
        #expect(observation.message.hasPrefix("SELECT 1 answered in "))
        #expect(observation.message.hasSuffix(" ms; 1 of 100 connections used"))
    }

    @Test func connectionUseGrowsWithOpenConnections() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let before = try #require(try await probe(cluster).observe(until: .now + .seconds(10)).metrics["connections_used_percent"])
        let held = try (0..<10).map { _ in try PostgresConnection.connect(conninfo: cluster.conninfo, deadline: .now + .seconds(10)) }
        let after = try #require(try await probe(cluster).observe(until: .now + .seconds(10)).metrics["connections_used_percent"])
        #expect(held.count == 10)
        #expect(after == before + 10)
    }

    @Test func aStoppedServerThrows() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try cluster.stop() }
        let (error, elapsed) = await failure(of: probe(cluster), within: .seconds(5))
        #expect(error?.description.contains("No such file or directory") == true)
        #expect(elapsed < .seconds(2))
    }

    @Test func aFrozenServerThrowsWithinTheTimeoutPlusOneSecond() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        cluster.freeze()
        let (error, elapsed) = await failure(of: probe(cluster), within: .seconds(2))
        print("frozen server: probe gave up after \(elapsed) (timeout 2 s)")
        #expect(error?.description == "connection timed out after 2s")
        #expect(elapsed < .seconds(3))
    }

    @Test func aCustomQueryOnAMissingTableNamesTheRelation() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (error, _) = await failure(of: probe(cluster, query: "SELECT count(*) FROM events"), within: .seconds(10))
        #expect(error?.description == #"query failed: ERROR: relation "events" does not exist"#)
    }

    @Test func aCustomQueryIsNamedInTheMessage() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try cluster.psql("CREATE TABLE events (id int); INSERT INTO events VALUES (1)") }
        let observation = try await probe(cluster, query: "SELECT count(*) FROM events").observe(until: .now + .seconds(10))
        #expect(observation.message.hasPrefix("SELECT count(*) FROM events answered in "))
    }

    @Test func aPasswordNeverAppearsInTheProbesOutput() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try cluster.setPassword(user: "monitor", password: "monitor-Secret") }
        let healthy = try await probe(cluster, conninfo: cluster.conninfo(user: "monitor", password: "monitor-Secret"))
            .observe(until: .now + .seconds(10))
        #expect(!healthy.message.contains("Secret"))
        // Wrong, and equal to the user name that libpq quotes in its message.
        let (error, _) = await failure(of: probe(cluster, conninfo: cluster.conninfo(user: "monitor", password: "monitor")), within: .seconds(10))
        let text = try #require(error).description
        #expect(text.contains("password authentication failed"))
        #expect(!text.contains("monitor"))
    }
}
