import Benchmark
import BenchmarkSupport
import Foundation
import VigilPostgres

/// A postgres check's round trip against a real server over its unix socket. The server comes
/// from `VIGIL_BENCH_CONNINFO`, which `./with-postgres` sets for a throwaway cluster; without it
/// these benchmarks are skipped.
let benchmarks: @Sendable () -> Void = {
    let conninfo = ProcessInfo.processInfo.environment["VIGIL_BENCH_CONNINFO"]
    if conninfo == nil {
        print("VIGIL_BENCH_CONNINFO is not set: the postgres benchmarks are skipped (run them with ./with-postgres)")
    }
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, CPUTime.process, .mallocCountTotal],
        warmupIterations: 10,
        maxDuration: .seconds(5),
        maxIterations: 2_000,
        skip: conninfo == nil
    )
    guard let conninfo else { return }

    // The postgres probe's steps: a new connection, the check's query, the connection count.
    Benchmark("postgres probe: connect + SELECT 1 + pg_stat_activity + close") { benchmark in
        try CPUTime.measuring(benchmark) {
            let deadline = ContinuousClock.now + .seconds(5)
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: deadline)
            blackHole(try connection.query("SELECT 1", deadline: deadline))
            blackHole(try connection.query(connectionUsageQuery, deadline: deadline))
        }
    }

    let open = OpenConnection(conninfo: conninfo)
    Benchmark("postgres: SELECT 1 on an open connection") { benchmark in
        let connection = try open.connection
        try CPUTime.measuring(benchmark) {
            blackHole(try connection.query("SELECT 1", deadline: .now + .seconds(5)))
        }
    }
}

/// The probe's own query (VigilProbes.PostgresProbe), not importable without the HTTP client.
private let connectionUsageQuery = """
    SELECT count(*) FILTER (WHERE backend_type = 'client backend'), current_setting('max_connections')::int \
    FROM pg_stat_activity
    """

/// One connection kept for the query-only benchmark, opened when first used.
private final class OpenConnection {
    private let conninfo: String
    private var opened: PostgresConnection?

    init(conninfo: String) { self.conninfo = conninfo }

    var connection: PostgresConnection {
        get throws {
            if let opened { return opened }
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(5))
            opened = connection
            return connection
        }
    }
}
