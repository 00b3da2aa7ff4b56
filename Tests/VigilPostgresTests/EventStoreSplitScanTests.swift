import Foundation
import Testing
import VigilCore
import VigilPostgres
import VigilTestSupport

/// The full scan split over two sessions by aggregate range: exactly the single scan's report
/// (the same anomalies in the same order, the same totals, the same cap).
@Suite struct EventStoreSplitScanTests {
    private typealias Fixture = EventStoreFixture

    private func scan(_ cluster: PostgresCluster, split: Bool, maxIssues: Int = 1000) async throws -> ConsistencyReport {
        let conninfo = cluster.conninfo
        return try await runOnOwnThread {
            let first = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            guard split else { return try EventStoreScan.full(Fixture.table(), on: first, maxIssues: maxIssues, deadline: .now + .seconds(30)) }
            let second = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            return try EventStoreScan.full(Fixture.table(), on: first, and: second, maxIssues: maxIssues, deadline: .now + .seconds(30))
        }
    }

    /// Which of several equal rows a duplicate names is the server's choice; the order is kept.
    private func comparable(_ report: ConsistencyReport) -> ConsistencyReport {
        var report = report
        report.durationMs = 0
        report.issues = report.issues.map { anomaly in
            var anomaly = anomaly
            if anomaly.kind == .duplicateVersion { anomaly.eventID = nil }
            return anomaly
        }
        return report
    }

    @Test(arguments: [false, true])
    func everyAnomalyOfALooseStoreIsFoundInTheSameOrder(coveringIndex: Bool) async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let expected = try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: false)
            let expected = try Fixture.injectAnomalies(in: cluster)
            if coveringIndex { _ = try cluster.psql("CREATE INDEX events_covering ON events (aggregate_id, version) INCLUDE (occurred_at, event_id)") }
            _ = try cluster.psql("VACUUM (ANALYZE) events")
            return expected
        }
        let single = try await scan(cluster, split: false)
        let split = try await scan(cluster, split: true)
        #expect(comparable(split) == comparable(single))
        #expect(split.totalIssues == expected.count)
        #expect(split.aggregatesChecked == Fixture.aggregates && split.eventsChecked == 500)
    }

    @Test func theUsualStoreWithTheAdvisedIndexGivesTheSameIdsAndTheSameCap() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            // One gap in each half, and a disorder at the first and the last aggregate.
            _ = try cluster.psql("""
                DELETE FROM events WHERE event_id IN ('\(Fixture.event(3, 4))', '\(Fixture.event(Fixture.aggregates - 2, 6))');
                UPDATE events SET occurred_at = occurred_at - interval '1 day'
                WHERE event_id IN ('\(Fixture.event(1, 2))', '\(Fixture.event(Fixture.aggregates, 10))');
                CREATE INDEX events_covering ON events (aggregate_id, version) INCLUDE (occurred_at)
                """)
            _ = try cluster.psql("VACUUM (ANALYZE) events")
            _ = try cluster.psql("ALTER SYSTEM SET log_statement = 'all'")
            _ = try cluster.psql("SELECT pg_reload_conf()")
        }
        let single = try await scan(cluster, split: false)
        let split = try await scan(cluster, split: true)
        #expect(comparable(split) == comparable(single))
        #expect(split.issueCounts == ["VERSION_GAP": 2, "TIMESTAMP_DISORDER": 2])
        // Split indeed: one half per session, the second in the first one's snapshot.
        let log = try String(contentsOfFile: cluster.directory + "/server.log", encoding: .utf8)
        #expect(log.contains("SET TRANSACTION SNAPSHOT"))
        #expect(log.contains(#"FROM "public"."events" WHERE "aggregate_id" < CAST("#))
        #expect(log.contains(#"FROM "public"."events" WHERE ("aggregate_id" >= CAST("#))
        #expect(split.issues.first == .disorder(aggregate: Fixture.aggregate(1), event: Fixture.event(1, 2), before: Fixture.event(1, 1)))
        #expect(split.issues.last == .disorder(aggregate: Fixture.aggregate(Fixture.aggregates), event: Fixture.event(Fixture.aggregates, 10),
                                               before: Fixture.event(Fixture.aggregates, 9)))

        let capped = try await scan(cluster, split: true, maxIssues: 3)
        #expect(capped.issues == Array(split.issues.prefix(3)))
        #expect(capped.truncated && capped.issueCounts == split.issueCounts)
    }
}
