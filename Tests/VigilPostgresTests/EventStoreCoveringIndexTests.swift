import Testing
import VigilCore
import VigilPostgres
import VigilTestSupport

/// The full scan with the advised covering index: the same anomalies and event ids as without
/// it, read through an index-only scan in (aggregate, version) order with no sort.
@Suite struct EventStoreCoveringIndexTests {
    private typealias Fixture = EventStoreFixture

    private func scan(_ cluster: PostgresCluster, _ table: EventStoreTable = Fixture.table()) async throws -> ConsistencyReport {
        let conninfo = cluster.conninfo
        return try await runOnOwnThread {
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            return try EventStoreScan.full(table, on: connection, maxIssues: 1000, deadline: .now + .seconds(30))
        }
    }

    private func advise(_ cluster: PostgresCluster, _ table: EventStoreTable = Fixture.table()) async throws -> EventStoreAdvice {
        let conninfo = cluster.conninfo
        return try await runOnOwnThread {
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            return try EventStoreAdvice.advise(table, on: connection, deadline: .now + .seconds(30))
        }
    }

    /// Builds `ddl`, then VACUUM (which cannot run inside the statement's implicit transaction).
    private func createIndex(_ cluster: PostgresCluster, _ ddl: String) async throws {
        try await runOnOwnThread {
            _ = try cluster.psql(ddl)
            _ = try cluster.psql("VACUUM (ANALYZE) events")
        }
    }

    private func withoutDuration(_ report: ConsistencyReport) -> ConsistencyReport {
        var report = report
        report.durationMs = 0
        return report
    }

    /// The node lines (those with a cost) of the pass: the `found` CTE, without the totals or the id lookups.
    private func passNodes(_ plan: [String]) -> [String] {
        guard let start = plan.firstIndex(where: { $0.trimmingPrefix(while: { $0 == " " }) == "CTE found" }) else { return [] }
        let indent = plan[start].prefix { $0 == " " }.count
        let end = plan[(start + 1)...].firstIndex { $0.prefix { $0 == " " }.count <= indent } ?? plan.endIndex
        return plan[(start + 1)..<end].filter { $0.contains("(cost=") }
    }

    /// A unique (aggregate, version) on NOT NULL columns and a nullable timestamp: ids are looked
    /// up by (aggregate, version), for a NULL timestamp and both sides of a disorder too.
    @Test func theUsualStoreFindsTheSameAnomaliesAndIdsThroughAnIndexOnlyScan() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let last = Fixture.aggregates
        @Sendable func backdate(_ aggregate: Int, _ version: Int) -> String {
            "UPDATE events SET occurred_at = \(Fixture.timestampSQL(aggregate, version - 1)) - interval '1 second' WHERE event_id = '\(Fixture.event(aggregate, version))';"
        }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            _ = try cluster.psql([
                "ALTER TABLE events ALTER COLUMN occurred_at DROP NOT NULL;",
                "DELETE FROM events WHERE event_id IN ('\(Fixture.event(1, 1))', '\(Fixture.event(1, 5))', '\(Fixture.event(last, 4))', '\(Fixture.event(20, 7))');",
                backdate(1, 8), backdate(20, 4), backdate(last, 7),
                "UPDATE events SET occurred_at = NULL WHERE event_id = '\(Fixture.event(last, 3))';",
            ].joined(separator: "\n"))
            _ = try cluster.psql("VACUUM (ANALYZE) events")
        }
        let expected: [ConsistencyAnomaly] = [
            .firstVersion(aggregate: Fixture.aggregate(1), found: 2, expected: 1, eventID: Fixture.event(1, 2)),
            .gap(aggregate: Fixture.aggregate(1), from: 4, to: 6, eventID: Fixture.event(1, 6)),
            .gap(aggregate: Fixture.aggregate(20), from: 6, to: 8, eventID: Fixture.event(20, 8)),
            .gap(aggregate: Fixture.aggregate(last), from: 3, to: 5, eventID: Fixture.event(last, 5)),
            .disorder(aggregate: Fixture.aggregate(1), event: Fixture.event(1, 8), before: Fixture.event(1, 7)),
            .disorder(aggregate: Fixture.aggregate(20), event: Fixture.event(20, 4), before: Fixture.event(20, 3)),
            .disorder(aggregate: Fixture.aggregate(last), event: Fixture.event(last, 7), before: Fixture.event(last, 6)),
            .nullField(aggregate: Fixture.aggregate(last), column: "occurred_at", eventID: Fixture.event(last, 3)),
        ]

        let before = try await scan(cluster)
        #expect(EventStoreFixture.comparable(before.issues) == EventStoreFixture.comparable(expected))
        let plain = try await advise(cluster)
        #expect(passNodes(plain.plan).contains { $0.contains("Sort  (cost=") }, "\(plain.plan)")

        try await createIndex(cluster, "CREATE INDEX events_covering ON events (aggregate_id, version) INCLUDE (occurred_at)")
        let after = try await scan(cluster)
        #expect(withoutDuration(after) == withoutDuration(before))
        #expect(after.eventsChecked == Fixture.aggregates * Fixture.versions - 4)

        let advice = try await advise(cluster)
        let nodes = passNodes(advice.plan)
        #expect(nodes.contains { $0.contains("Index Only Scan using events_covering on events") }, "\(advice.plan)")
        #expect(!nodes.contains { $0.contains("Sort") }, "\(advice.plan)")
        #expect(!nodes.contains { $0.contains("Seq Scan") }, "\(advice.plan)")
    }

    /// Without a unique key the id cannot be looked up: an index that includes it serves the scan.
    @Test func aLooseStoreIsServedByAnIndexThatHoldsTheIdToo() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let expected = try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: false)
            return try Fixture.injectAnomalies(in: cluster)
        }
        let advice = try await advise(cluster)
        let ddl = try #require(advice.ddl)
        #expect(ddl.hasPrefix(#"CREATE INDEX CONCURRENTLY "events_aggregate_id_version_covering" ON "public"."events" ("aggregate_id", "version") INCLUDE ("occurred_at", "event_id");"#), "\(ddl)")

        let before = try await scan(cluster)
        try await createIndex(cluster, String(ddl.split(separator: "\n")[0]).replacing("CONCURRENTLY ", with: ""))
        let after = try await scan(cluster)
        #expect(EventStoreFixture.comparable(after.issues) == EventStoreFixture.comparable(expected))
        #expect(EventStoreFixture.comparable(after.issues) == EventStoreFixture.comparable(before.issues))
        #expect(after.issueCounts == before.issueCounts && after.eventsChecked == before.eventsChecked
            && after.aggregatesChecked == before.aggregatesChecked)

        let now = try await advise(cluster)
        #expect(now.ddl == nil && now.existingIndex == "events_aggregate_id_version_covering")
        let nodes = passNodes(now.plan)
        #expect(nodes.contains { $0.contains("Index Only Scan using events_aggregate_id_version_covering") }, "\(now.plan)")
        #expect(!nodes.contains { $0.contains("Sort") }, "\(now.plan)")
    }
}
