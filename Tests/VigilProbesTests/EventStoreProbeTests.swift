import Testing
import VigilCore
import VigilProbes
import VigilTestSupport

/// The `event_store` probe against a real throwaway cluster: what a check of the table reports.
@Suite struct EventStoreProbeTests {
    /// 3 aggregates of 4 events in the common schema, with a unique (aggregate_id, version) index.
    static let schema = """
        CREATE TABLE events (position bigserial PRIMARY KEY, aggregate_id uuid NOT NULL, version int NOT NULL,
                             occurred_at timestamptz NOT NULL, event_id uuid NOT NULL, payload jsonb NOT NULL DEFAULT '{}',
                             UNIQUE (aggregate_id, version));
        INSERT INTO events (aggregate_id, version, occurred_at, event_id)
        SELECT ('00000000-0000-0000-0000-00000000000' || a)::uuid, v, timestamptz '2030-01-01' + (v * interval '1 minute'),
               ('10000000-0000-0000-0000-0000000000' || a || v)::uuid
        FROM generate_series(1, 3) AS a, generate_series(1, 4) AS v;
        """

    private func probe(_ cluster: PostgresCluster, table: String = "events") -> EventStoreProbe {
        EventStoreProbe(database: DatabaseSettings(name: "main", conninfo: cluster.conninfo),
                        settings: EventStoreCheckSettings(database: "main", table: table))
    }

    @Test func aConsistentStoreIsHealthyWithWhatWasChecked() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.schema)
        let observation = try await probe(cluster).observe(until: .now + .seconds(20))
        #expect(observation.status == .healthy, "\(observation.message)")
        #expect(observation.message == "12 events of 3 aggregates consistent")
        #expect(observation.metrics["issues"] == 0)
        #expect(observation.metrics["events_checked"] == 12)
    }

    @Test func anAnomalyMakesItCriticalWithTheCountsAndTheFirstOne() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.schema + """
            DELETE FROM events WHERE aggregate_id = '00000000-0000-0000-0000-000000000002' AND version = 3;
            """)
        let observation = try await probe(cluster).observe(until: .now + .seconds(20))
        #expect(observation.status == .critical)
        #expect(observation.message == "1 VERSION_GAP in 11 events of 3 aggregates; first: VERSION_GAP in "
            + "00000000-0000-0000-0000-000000000002: Gap between version 2 and 4", "\(observation.message)")
        #expect(observation.metrics["issues"] == 1)
        #expect(observation.metrics["version_gap"] == 1)
        #expect(observation.metrics["duplicate_version"] == 0)
    }

    @Test func aMissingTableIsUnknownAndNamesIt() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let observation = try await probe(cluster, table: "public.no_such_events").observe(until: .now + .seconds(20))
        #expect(observation.status == .unknown)
        #expect(observation.message.hasPrefix("could not check: "), "\(observation.message)")
        #expect(observation.message.contains("no_such_events"), "\(observation.message)")
    }
}
