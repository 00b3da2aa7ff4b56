import Testing
import VigilTestSupport

/// `vigil consistency --advise` against a real throwaway PostgreSQL: the DDL printed (never run),
/// exit 0 without a scan, and exit 3 naming a table it cannot read.
@Suite("vigil consistency --advise", .serialized)
struct ConsistencyAdviceCommandTests {
    @Test("prints the covering index's DDL and why, creates nothing, exits 0 although the store has anomalies")
    func printsTheIndex() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(ConsistencyCommandTests.store)
        let scratch = try ScratchDirectory()
        let (exit, output) = try ConsistencyCommandTests.vigil(["--config", ConsistencyCommandTests.config(cluster, in: scratch), "--advise"])
        #expect(exit == 0, "\(output)")
        #expect(output.hasPrefix("events: events on database main\n  Now the full scan "), "\(output)")
        #expect(output.contains("""
              To run (Vigil runs none of it):
                CREATE INDEX CONCURRENTLY "events_aggregate_id_version_covering" ON "public"."events" ("aggregate_id", "version") INCLUDE ("occurred_at");
            """), "\(output)")
        #expect(output.contains(#"    VACUUM (ANALYZE) "public"."events";"#), "\(output)")
        #expect(!output.contains("VERSION_GAP"), "no scan: \(output)")
        #expect(try cluster.psql("SELECT count(*) FROM pg_indexes WHERE tablename = 'events'") == "2")
    }

    @Test("a missing table: exit 3 and a message naming it")
    func cannotAdvise() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let scratch = try ScratchDirectory()
        let config = try ConsistencyCommandTests.config(cluster, table: "public.missing_events", in: scratch)
        let (exit, output) = try ConsistencyCommandTests.vigil(["--config", config, "--advise"])
        #expect(exit == 3, "\(output)")
        #expect(output.contains("events: could not advise: table public.missing_events does not exist"), "\(output)")
    }
}
