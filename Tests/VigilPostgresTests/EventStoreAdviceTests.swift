import Testing
import VigilCore
import VigilPostgres
import VigilTestSupport

/// `EventStoreAdvice` against a real cluster: the DDL names the table and columns exactly, says
/// why from the plan and the sizes, says so when the index exists, and creates nothing.
@Suite struct EventStoreAdviceTests {
    private typealias Fixture = EventStoreFixture

    private func advise(_ cluster: PostgresCluster, _ table: EventStoreTable = Fixture.table()) async throws -> Result<EventStoreAdvice, PostgresError> {
        let conninfo = cluster.conninfo
        return try await runOnOwnThread { () -> Result<EventStoreAdvice, PostgresError> in
            do throws(PostgresError) {
                let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
                return .success(try EventStoreAdvice.advise(table, on: connection, deadline: .now + .seconds(30)))
            } catch {
                return .failure(error)
            }
        }
    }

    private func indexes(_ cluster: PostgresCluster) async throws -> String {
        try await runOnOwnThread { try cluster.psql("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'events'") }
    }

    @Test func theUsualStoreIsToldTheCoveringIndexAndWhy() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            _ = try cluster.psql("VACUUM (ANALYZE) events")
        }
        let indexesBefore = try await indexes(cluster)
        let advice = try await advise(cluster).get()
        #expect(advice.ddl == """
            CREATE INDEX CONCURRENTLY "events_aggregate_id_version_covering" ON "public"."events" ("aggregate_id", "version") INCLUDE ("occurred_at");
            -- An index-only scan skips the heap only for pages the visibility map marks all-visible: VACUUM sets it.
            VACUUM (ANALYZE) "public"."events";
            """)
        #expect(advice.existingIndex == nil)
        #expect(advice.reason.contains("Now the full scan reads the whole "), "\(advice.reason)")
        #expect(advice.reason.contains(" heap and sorts about 500 rows by (aggregate_id, version)."), "\(advice.reason)")
        #expect(advice.reason.contains("With this index it is an index-only scan of about "), "\(advice.reason)")
        #expect(advice.reason.contains("in (aggregate_id, version) order, with no sort"), "\(advice.reason)")
        #expect(advice.reason.contains("measured on the benchmark store of 10M events: "), "\(advice.reason)")
        #expect(advice.plan.contains { $0.contains("Sort Key: events.aggregate_id, events.version") }, "\(advice.plan)")
        #expect(try await indexes(cluster) == indexesBefore, "advising creates nothing")
    }

    @Test func aTableWithTheIndexIsToldItHasIt() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            _ = try cluster.psql("CREATE INDEX events_by_stream ON events (aggregate_id, version) INCLUDE (occurred_at, type)")
            _ = try cluster.psql("VACUUM (ANALYZE) events")
        }
        let advice = try await advise(cluster).get()
        #expect(advice.ddl == nil)
        #expect(advice.existingIndex == "events_by_stream")
        #expect(advice.reason == "public.events already has such an index: the full scan is an index-only scan of events_by_stream"
            + " in (aggregate_id, version) order, with no sort.")
    }

    /// The index exists but the visibility map was never set (no VACUUM since the load): said, with the VACUUM to run.
    @Test func anIndexWithoutAVacuumIsToldToVacuum() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            _ = try cluster.psql("ALTER SYSTEM SET autovacuum = off")
            _ = try cluster.psql("SELECT pg_reload_conf()")
            try Fixture.create(in: cluster, constraints: true)
            _ = try cluster.psql("CREATE INDEX events_covering ON events (aggregate_id, version) INCLUDE (occurred_at); ANALYZE events")
        }
        let advice = try await advise(cluster).get()
        #expect(advice.ddl == nil)
        #expect(advice.existingIndex == "events_covering")
        #expect(advice.reason.contains("Only 0 % of its heap pages are marked all-visible"), "\(advice.reason)")
        #expect(advice.reason.contains(#"run `VACUUM (ANALYZE) "public"."events"`"#), "\(advice.reason)")
    }

    @Test func namesAreQuotedExactlyAndATakenNameIsNotReused() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            _ = try cluster.psql(#"""
                CREATE SCHEMA "Store";
                CREATE TABLE "Store"."Events; DROP TABLE x" ("Aggregate" text, "ver""sion" bigint, "At" date, "Id" int);
                CREATE INDEX "Events; DROP TABLE x_Aggregate_ver""sion_covering" ON "Store"."Events; DROP TABLE x" ("Id");
                """#)
        }
        let table = EventStoreTable(schema: "Store", table: "Events; DROP TABLE x", aggregateColumn: "Aggregate",
                                    versionColumn: "ver\"sion", timestampColumn: "At", idColumn: "Id")
        let advice = try await advise(cluster, table).get()
        let ddl = try #require(advice.ddl)
        #expect(ddl.split(separator: "\n").first == #"""
            CREATE INDEX CONCURRENTLY "Events; DROP TABLE x_Aggregate_ver""sion_covering_2" ON "Store"."Events; DROP TABLE x" ("Aggregate", "ver""sion") INCLUDE ("At", "Id");
            """#)
        #expect(ddl.hasSuffix(#"VACUUM (ANALYZE) "Store"."Events; DROP TABLE x";"#))
        #expect(advice.reason.contains("all its rows"), "never analyzed: \(advice.reason)")
    }

    @Test func aMissingTableIsNamed() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let result = try await advise(cluster, Fixture.table("evnets"))
        guard case .failure(let error) = result else { Issue.record("advice for a missing table"); return }
        #expect(error.description == "table evnets does not exist")
    }
}
