import Glibc
import Testing
import VigilPostgres
import VigilTestSupport

/// libpq against a real throwaway cluster: up, failing, stopped and frozen. The blocking calls
/// run on threads of their own, as the daemon runs them on Dispatch threads.
@Suite struct PostgresConnectionTests {
    private static func deadline(_ seconds: Int) -> ContinuousClock.Instant { .now + .seconds(seconds) }

    /// Runs `work` on its own thread; its PostgresError, if any, becomes the failure.
    private func outcome<T: Sendable>(_ work: @escaping @Sendable () throws(PostgresError) -> T) async throws -> Result<T, PostgresError> {
        try await runOnOwnThread { () -> Result<T, PostgresError> in
            do throws(PostgresError) { return .success(try work()) } catch { return .failure(error) }
        }
    }

    /// The error `work` ends with, and how long it took to get there.
    private func failure(_ work: @escaping @Sendable () throws(PostgresError) -> Void) async throws -> (PostgresError?, Duration) {
        try await runOnOwnThread { () -> (PostgresError?, Duration) in
            let started = ContinuousClock.now
            do throws(PostgresError) { try work(); return (nil, started.duration(to: .now)) }
            catch { return (error, started.duration(to: .now)) }
        }
    }

    private func connectFails(_ conninfo: String) async throws -> String {
        let (error, _) = try await failure { () throws(PostgresError) in
            _ = try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10))
        }
        return try #require(error).description
    }

    @Test func connectsAndReturnsTypedRowsWithNulls() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let conninfo = cluster.conninfo
        let (result, version) = try await outcome { () throws(PostgresError) in
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10))
            let result = try connection.query("SELECT 1 AS one, NULL::text AS nothing, 'it''s' AS quoted", deadline: Self.deadline(10))
            return (result, connection.serverVersion)
        }.get()
        #expect(result.columns == ["one", "nothing", "quoted"])
        #expect(result.rows == [["1", nil, "it's"]])
        #expect(version >= 150000 && version < 160000)
    }

    @Test func severalStatementsAnswerWithTheLast() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let conninfo = cluster.conninfo
        let (rows, empty) = try await outcome { () throws(PostgresError) in
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10))
            let rows = try connection.query("CREATE TEMP TABLE t (n int); INSERT INTO t VALUES (1), (2); SELECT n FROM t ORDER BY n",
                                            deadline: Self.deadline(10)).rows
            return (rows, try connection.query("", deadline: Self.deadline(10)).rows)
        }.get()
        #expect(rows == [["1"], ["2"]])
        #expect(empty.isEmpty)
    }

    @Test func badSQLGivesTheServersMessageOnOneLineAndTheConnectionStaysUsable() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let conninfo = cluster.conninfo
        let (failure, afterwards) = try await outcome { () throws(PostgresError) in
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10))
            var failure: PostgresError?
            do throws(PostgresError) { _ = try connection.query("SELECT *\nFROM events", deadline: Self.deadline(10)) } catch { failure = error }
            return (failure, try connection.query("SELECT 2", deadline: Self.deadline(10)).rows)
        }.get()
        #expect(failure?.description == #"query failed: ERROR: relation "events" does not exist"#)
        #expect(afterwards == [["2"]])
    }

    @Test func aStoppedServerFailsAtOnce() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try cluster.stop() }
        let conninfo = cluster.conninfo
        let (error, elapsed) = try await failure { () throws(PostgresError) in
            _ = try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10))
        }
        #expect(elapsed < .seconds(2))
        let text = try #require(error).description
        #expect(text.contains("No such file or directory"))
        #expect(!text.contains("\n"))
    }

    @Test func aRestartedServerAnswersAgain() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try cluster.stop(); try cluster.start() }
        let conninfo = cluster.conninfo
        let rows = try await outcome { () throws(PostgresError) in
            try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10)).query("SELECT 1", deadline: Self.deadline(10)).rows
        }.get()
        #expect(rows == [["1"]])
    }

    @Test func connectingToAFrozenServerGivesUpAtTheDeadline() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        cluster.freeze()
        let conninfo = cluster.conninfo
        let (error, elapsed) = try await failure { () throws(PostgresError) in
            _ = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(2))
        }
        print("frozen server: connect gave up after \(elapsed) (deadline 2 s)")
        #expect(error?.description == "connection timed out after 2s")
        #expect(elapsed >= .milliseconds(1900) && elapsed < .seconds(3))
    }

    @Test func aQueryToAServerFrozenAfterConnectingGivesUpAtTheDeadline() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let conninfo = cluster.conninfo
        let (timeout, elapsed, again, closing) = try await outcome { () throws(PostgresError) in
            var connection: PostgresConnection? = try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10))
            cluster.freeze()
            let started = ContinuousClock.now
            var timeout: PostgresError?
            do throws(PostgresError) { _ = try connection!.query("SELECT 1", deadline: started + .seconds(2)) } catch { timeout = error }
            let elapsed = started.duration(to: .now)
            var again: PostgresError?
            do throws(PostgresError) { _ = try connection!.query("SELECT 1", deadline: Self.deadline(10)) } catch { again = error }
            let closingStarted = ContinuousClock.now
            connection = nil
            return (timeout, elapsed, again, closingStarted.duration(to: .now))
        }.get()
        print("frozen server: query gave up after \(elapsed) (deadline 2 s)")
        #expect(timeout?.description == "query timed out after 2s")
        #expect(elapsed >= .milliseconds(1900) && elapsed < .seconds(3))
        #expect(again?.description.contains("abandoned") == true)
        #expect(closing < .seconds(1), "PQfinish must not wait for a frozen server")
    }

    @Test func aWrongPasswordIsRefusedWithoutQuotingIt() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try cluster.setPassword(user: "monitor", password: "correct horse") }
        let good = cluster.conninfo(user: "monitor", password: "correct horse")
        let user = try await outcome { () throws(PostgresError) in
            try PostgresConnection.connect(conninfo: good, deadline: Self.deadline(10)).query("SELECT current_user", deadline: Self.deadline(10)).rows
        }.get()
        #expect(user == [["monitor"]])

        let text = try await connectFails(cluster.conninfo(user: "monitor", password: "Tr0ub4dor"))
        #expect(text.contains("password authentication failed"))
        #expect(!text.contains("Tr0ub4dor"))
    }

    /// libpq quotes the user name in its message: a password equal to it must still vanish.
    @Test func aPasswordThatLibpqHappensToQuoteIsScrubbed() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try cluster.setPassword(user: "staple42", password: "something else") }
        let text = try await connectFails(cluster.conninfo(user: "staple42", password: "staple42"))
        #expect(text.contains("password authentication failed"))
        #expect(!text.contains("staple42"))
    }

    @Test(arguments: [
        "host=/tmp/vigil-missing-Hunter2x port=5432 user=u dbname=d password=Hunter2x",
        "host='/tmp/vigil-missing-Hunter2x' password = 'Hunter2x' dbname=d",
        "postgresql://u:Hunter2x@/d?host=/tmp/vigil-missing-Hunter2x",
    ])
    func aPasswordNeverReachesAConnectionError(conninfo: String) async throws {
        let text = try await connectFails(conninfo)
        #expect(text.contains("No such file or directory"))
        #expect(!text.contains("Hunter2x"))
    }

    @Test(arguments: [
        "host=/tmp password='Hunter2x",
        "host=/tmp password=Hunter2x Tail9pass",
        "postgresql://u:Hunter2x@/d?host=/tmp&Tail9pass",
    ])
    func aMalformedConninfoIsRejectedWithoutEchoingValues(conninfo: String) async throws {
        let text = try await connectFails(conninfo)
        #expect(text.hasPrefix("invalid connection string: "))
        #expect(!text.contains("Hunter2x") && !text.contains("Tail9pass"))
    }

    @Test func anUnknownKeywordIsNamed() async throws {
        let text = try await connectFails("host=/tmp passwrd=x")
        #expect(text == #"invalid connection string: invalid connection option "passwrd""#)
    }

    /// Each connection is finished exactly once: no crash, and the server sees every one leave.
    @Test func twoHundredConnectCloseCyclesLeaveNoBackendBehind() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let conninfo = cluster.conninfo
        let clients = try await outcome { () throws(PostgresError) in
            for _ in 0..<200 {
                let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10))
                _ = try connection.query("SELECT 1", deadline: Self.deadline(10))
            }
            let observer = try PostgresConnection.connect(conninfo: conninfo, deadline: Self.deadline(10))
            let countClients = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
            var clients = try observer.query(countClients, deadline: Self.deadline(10)).rows
            let giveUp = Self.deadline(10)
            while clients != [["1"]], ContinuousClock.now < giveUp {
                var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
                nanosleep(&pause, nil)
                clients = try observer.query(countClients, deadline: Self.deadline(10)).rows
            }
            return clients
        }.get()
        #expect(clients == [["1"]])
    }
}
