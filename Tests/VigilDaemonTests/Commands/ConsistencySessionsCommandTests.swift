import Testing
import VigilTestSupport

/// `vigil consistency --sessions 2` against a real throwaway PostgreSQL: the same listing as one session.
@Suite("vigil consistency --sessions", .serialized)
struct ConsistencySessionsCommandTests {
    @Test("two sessions list what one lists; anything but 1 or 2 is a usage error")
    func twoSessionsListTheSame() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(ConsistencyCommandTests.store)
        _ = try cluster.psql("ANALYZE events")
        let scratch = try ScratchDirectory()
        let config = try ConsistencyCommandTests.config(cluster, in: scratch)
        let one = try ConsistencyCommandTests.vigil(["--config", config])
        let two = try ConsistencyCommandTests.vigil(["--config", config, "--sessions", "2"])
        #expect(one.exit == 2 && two.exit == 2, "\(two.output)")
        // The first line ends with the duration.
        #expect(two.output.split(separator: "\n").dropFirst() == one.output.split(separator: "\n").dropFirst(), "\(two.output)")
        #expect(two.output.contains("  VERSION_GAP: 1\n"), "\(two.output)")
        let three = try ConsistencyCommandTests.vigil(["--config", config, "--sessions", "3"])
        #expect(three.exit == 64, "\(three.output)")
        #expect(three.output.contains("--sessions must be 1 or 2, got 3"), "\(three.output)")
    }
}
