import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// `vigil consistency` against a real throwaway PostgreSQL: the listed anomalies, the JSON report,
/// and what it says when it cannot check.
@Suite("vigil consistency", .serialized)
struct ConsistencyCommandTests {
    /// 3 aggregates of 4 events, consistent, in the common schema.
    static let consistentStore = """
        CREATE TABLE events (position bigserial PRIMARY KEY, aggregate_id uuid NOT NULL, version int NOT NULL,
                             occurred_at timestamptz NOT NULL, event_id uuid NOT NULL, UNIQUE (aggregate_id, version));
        INSERT INTO events (aggregate_id, version, occurred_at, event_id)
        SELECT ('00000000-0000-0000-0000-00000000000' || a)::uuid, v, timestamptz '2030-01-01' + (v * interval '1 minute'),
               ('10000000-0000-0000-0000-0000000000' || a || v)::uuid
        FROM generate_series(1, 3) AS a, generate_series(1, 4) AS v;

        """

    /// The consistent store, where aggregate 2 lost version 3 and aggregate 3 starts at version 2.
    static let store = consistentStore + """
        DELETE FROM events WHERE aggregate_id = '00000000-0000-0000-0000-000000000002' AND version = 3;
        DELETE FROM events WHERE aggregate_id = '00000000-0000-0000-0000-000000000003' AND version = 1;
        """

    static func config(_ cluster: PostgresCluster, table: String = "events", in scratch: ScratchDirectory) throws -> String {
        try scratch.write("vigil.toml", TestConfig.database("main", conninfo: cluster.conninfo) + """
            [[check]]
            name = "events"
            kind = "event_store"
            database = "main"
            table = \(TestConfig.quoted(table))
            """)
    }

    static func vigil(_ arguments: [String]) throws -> (exit: Int32?, output: String) {
        let process = try BackgroundProcess([RepositoryPaths.vigilExecutable.path, "consistency"] + arguments,
                                            environment: ["PATH": "/usr/bin:/bin"])
        let exit = process.waitForExit(timeout: .seconds(30)).flatMap(BackgroundProcess.exitCode(fromWaitStatus:))
        return (exit, process.printed)
    }

    @Test("anomalies: exit 2, the counts, what the catalog ruled out, and each anomaly in the seed's words")
    func listsAnomalies() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.store)
        let scratch = try ScratchDirectory()
        let (exit, output) = try Self.vigil(["--config", Self.config(cluster, in: scratch)])
        #expect(exit == 2, "\(output)")
        #expect(output.contains("events: events on database main, full scan: 10 events of 3 aggregates"), "\(output)")
        #expect(output.contains("  VERSION_GAP: 1\n"), "\(output)")
        #expect(output.contains("  FIRST_VERSION: 1\n"), "\(output)")
        #expect(output.contains("  DUPLICATE_VERSION: ruled out ("), "\(output)")
        #expect(output.contains("  VERSION_GAP 00000000-0000-0000-0000-000000000002"), "\(output)")
        #expect(output.contains(": Gap between version 2 and 4"), "\(output)")
        #expect(output.contains(": First version is 2, expected 1"), "\(output)")
    }

    @Test("--format json: the reports by check name; --max-issues caps the list, not the counts")
    func json() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.store)
        let scratch = try ScratchDirectory()
        let (exit, output) = try Self.vigil(["--config", Self.config(cluster, in: scratch), "--format", "json", "--max-issues", "1"])
        #expect(exit == 2, "\(output)")
        let reports = try JSONDecoder().decode([String: ConsistencyReport].self, from: Data(output.utf8))
        let report = try #require(reports["events"])
        #expect(report.mode == .full)
        #expect(report.eventsChecked == 10)
        #expect(report.issueCounts == ["VERSION_GAP": 1, "FIRST_VERSION": 1])
        #expect(report.issues.count == 1)
        #expect(report.truncated)
    }

    @Test("a missing table: exit 3 and a message naming it; an unknown --check is a usage error")
    func cannotCheck() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let scratch = try ScratchDirectory()
        let config = try Self.config(cluster, table: "public.missing_events", in: scratch)
        let (exit, output) = try Self.vigil(["--config", config])
        #expect(exit == 3, "\(output)")
        #expect(output.contains("events: could not check: "), "\(output)")
        #expect(output.contains("missing_events"), "\(output)")
        let unknown = try Self.vigil(["--config", config, "--check", "nope"])
        #expect(unknown.exit == 64, "\(unknown.output)")
        #expect(unknown.output.contains("no event_store check named nope; configured: events"), "\(unknown.output)")
    }
}
