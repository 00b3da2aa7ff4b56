import Glibc
import Testing
import VigilCore
import VigilPostgres
import VigilTestSupport

/// The full event-store scan against a real cluster: every anomaly kind found with exact counts
/// and ids, the catalog's constraints ruling kinds out, the cap, bad input, and deadlines.
@Suite struct EventStoreScanTests {
    private typealias Fixture = EventStoreFixture

    /// Connects and scans on a thread of its own; the error, if any, is the result.
    private func scan(_ cluster: PostgresCluster, _ table: EventStoreTable = Fixture.table(), maxIssues: Int = 1000,
                      user: String = "postgres", seconds: Int = 30) async throws -> Result<ConsistencyReport, PostgresError> {
        let conninfo = cluster.conninfo(user: user)
        return try await runOnOwnThread { () -> Result<ConsistencyReport, PostgresError> in
            do throws(PostgresError) {
                let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
                return .success(try EventStoreScan.full(table, on: connection, maxIssues: maxIssues, deadline: .now + .seconds(seconds)))
            } catch {
                return .failure(error)
            }
        }
    }

    private func scanError(_ cluster: PostgresCluster, _ table: EventStoreTable = Fixture.table(), user: String = "postgres") async throws -> String {
        guard case .failure(let error) = try await scan(cluster, table, user: user) else {
            Issue.record("the scan succeeded")
            return ""
        }
        return error.description
    }

    private func counts(_ anomalies: [ConsistencyAnomaly]) -> [String: Int] {
        anomalies.reduce(into: [:]) { $0[$1.kind.rawValue, default: 0] += 1 }
    }

    @Test func everyInjectedAnomalyIsReportedExactlyWithItsIds() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let expected = try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: false)
            return try Fixture.injectAnomalies(in: cluster)
        }
        let report = try await scan(cluster).get()
        #expect(report.mode == .full)
        #expect(report.issueCounts == ["VERSION_GAP": 3, "DUPLICATE_VERSION": 3, "FIRST_VERSION": 3, "TIMESTAMP_DISORDER": 3, "NULL_FIELD": 4])
        #expect(report.issueCounts == counts(expected))
        #expect(Fixture.comparable(report.issues) == Fixture.comparable(expected))
        #expect(!report.truncated)
        #expect(report.ruledOut.isEmpty)
        #expect(report.aggregatesChecked == Fixture.aggregates)
        #expect(report.eventsChecked == 500)
        let duplicateIDs = report.issues.filter { $0.kind == .duplicateVersion }.compactMap(\.eventID)
        #expect(duplicateIDs.count == 3)
    }

    @Test(arguments: [false, true])
    func aCleanStoreReportsNothing(constraints: Bool) async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: constraints) }
        let report = try await scan(cluster).get()
        #expect(report.issueCounts.isEmpty && report.issues.isEmpty && !report.truncated)
        #expect(report.aggregatesChecked == Fixture.aggregates)
        #expect(report.eventsChecked == Fixture.aggregates * Fixture.versions)
    }

    @Test func anEmptyStoreReportsNothingChecked() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            try cluster.psql("TRUNCATE events")
        }
        let report = try await scan(cluster).get()
        #expect(report.totalIssues == 0 && report.aggregatesChecked == 0 && report.eventsChecked == 0)
    }

    @Test func aUniqueIndexAndNotNullColumnsRuleTheirKindsOutAndSaySo() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            // A gap, so the scan still has something to find.
            try cluster.psql("DELETE FROM events WHERE event_id = '\(Fixture.event(7, 4))'")
        }
        let report = try await scan(cluster).get()
        #expect(report.ruledOut == [
            "DUPLICATE_VERSION": "unique index events_aggregate_version",
            "NULL_FIELD": "aggregate_id, version and occurred_at are NOT NULL",
        ])
        #expect(report.issueCounts == ["VERSION_GAP": 1])
    }

    @Test func withoutTheUniqueIndexDuplicatesAreLookedForAndFound() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            try cluster.psql("""
                DROP INDEX events_aggregate_version;
                CREATE UNIQUE INDEX events_recent ON events (aggregate_id, version) WHERE version > 5;
                INSERT INTO events (aggregate_id, version, occurred_at, event_id)
                VALUES ('\(Fixture.aggregate(3))', 2, \(Fixture.timestampSQL(3, 2)), '\(Fixture.extraEvent(1))')
                """)
        }
        let report = try await scan(cluster).get()
        #expect(report.ruledOut == ["NULL_FIELD": "aggregate_id, version and occurred_at are NOT NULL"], "a partial index proves nothing")
        #expect(Fixture.comparable(report.issues) == [.duplicate(aggregate: Fixture.aggregate(3), version: 2, count: 2)])
    }

    @Test func aPrimaryKeyOnAggregateAndVersionRulesOutDuplicates() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: false)
            try cluster.psql("ALTER TABLE events DROP CONSTRAINT events_pkey; ALTER TABLE events ADD CONSTRAINT stream_key PRIMARY KEY (version, aggregate_id)")
        }
        let report = try await scan(cluster).get()
        #expect(report.ruledOut == ["DUPLICATE_VERSION": "unique index stream_key"])
        #expect(report.totalIssues == 0)
    }

    @Test func oneNullableColumnKeepsNullsLookedForThere() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            try cluster.psql("""
                ALTER TABLE events ALTER COLUMN occurred_at DROP NOT NULL;
                UPDATE events SET occurred_at = NULL WHERE event_id = '\(Fixture.event(Fixture.aggregates, 3))'
                """)
        }
        let report = try await scan(cluster).get()
        #expect(report.ruledOut == ["DUPLICATE_VERSION": "unique index events_aggregate_version"])
        #expect(report.issues == [.nullField(aggregate: Fixture.aggregate(Fixture.aggregates), column: "occurred_at",
                                             eventID: Fixture.event(Fixture.aggregates, 3))])
    }

    @Test func theListIsCappedButTheCountsStayExact() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let expected = try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: false)
            return try Fixture.injectAnomalies(in: cluster)
        }
        let report = try await scan(cluster, maxIssues: 5).get()
        #expect(report.issues.count == 5)
        #expect(report.truncated)
        #expect(report.issueCounts == counts(expected))
        #expect(report.totalIssues == expected.count)
    }

    @Test func namesAreQuotedExactly() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try cluster.psql(#"""
                CREATE SCHEMA "Store";
                CREATE TABLE "Store"."Events; DROP TABLE x" ("Aggregate" text, "ver""sion" bigint, "At" date, "Id" int);
                INSERT INTO "Store"."Events; DROP TABLE x" VALUES ('A', 1, '2024-01-01', 1), ('A', 3, '2023-12-31', 2), ('b', 1, '2024-01-01', 3);
                """#)
        }
        let table = EventStoreTable(schema: "Store", table: "Events; DROP TABLE x", aggregateColumn: "Aggregate",
                                    versionColumn: "ver\"sion", timestampColumn: "At", idColumn: "Id")
        let report = try await scan(cluster, table).get()
        #expect(report.issues == [
            .gap(aggregate: "A", from: 1, to: 3, eventID: "2"),
            .disorder(aggregate: "A", event: "2", before: "1"),
        ])
        #expect(report.aggregatesChecked == 2 && report.eventsChecked == 3)
    }

    @Test func aMissingTableIsNamed() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let text = try await scanError(cluster, Fixture.table("evnets"))
        #expect(text == "consistency check of evnets failed: table evnets does not exist")
    }

    @Test func aMissingColumnIsNamedWithItsTable() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: true) }
        var table = Fixture.table()
        table.versionColumn = "versoin"
        let text = try await scanError(cluster, table)
        #expect(text == #"consistency check of events failed: table public.events has no column "versoin""#)
    }

    @Test func aColumnOfTheWrongTypeIsNamed() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: true) }
        var table = Fixture.table()
        table.versionColumn = "type"
        table.timestampColumn = "type"
        let text = try await scanError(cluster, table)
        #expect(text == "consistency check of events failed: column public.events.type is text, not an integer type")
    }

    @Test func aRoleThatMayNotReadIsToldWhichColumn() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            try cluster.psql("CREATE ROLE watcher LOGIN; GRANT SELECT (aggregate_id, version) ON events TO watcher")
        }
        let text = try await scanError(cluster, user: "watcher")
        #expect(text == "consistency check of events failed: permission denied to read column public.events.occurred_at")
    }

    /// The scan waits on a lock another session holds; the server is then frozen, so only the
    /// client-side deadline can end it.
    @Test func aFrozenServerFailsAtTheDeadline() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: true) }
        let locker = try await lockEvents(cluster)
        let started = ContinuousClock.now
        async let outcome = scan(cluster, seconds: 4)
        try await waitUntilTheScanWaitsOnTheLock(locker)
        cluster.freeze()
        let result = try await outcome
        let elapsed = started.duration(to: .now)
        withExtendedLifetime(locker) {}
        print("frozen server: the scan gave up after \(elapsed) (deadline 4 s)")
        guard case .failure(let error) = result else { Issue.record("the scan succeeded"); return }
        #expect(error.description.contains("query timed out after"))
        #expect(elapsed >= .seconds(3) && elapsed < .seconds(6))
    }

    /// Not frozen, the server's own `statement_timeout` (set from the deadline) ends the wait first.
    @Test func aStatementTimeoutFromTheDeadlineStopsTheServerFirst() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: true) }
        let locker = try await lockEvents(cluster)
        let started = ContinuousClock.now
        let result = try await scan(cluster, seconds: 3)
        withExtendedLifetime(locker) {}
        let elapsed = started.duration(to: .now)
        guard case .failure(let error) = result else { Issue.record("the scan succeeded"); return }
        #expect(error.description.contains("canceling statement due to statement timeout"))
        #expect(elapsed < .seconds(5))
    }

    /// A session holding `ACCESS EXCLUSIVE` on `events` in an open transaction.
    private func lockEvents(_ cluster: PostgresCluster) async throws -> LockHolder {
        let conninfo = cluster.conninfo
        return try await runOnOwnThread {
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            _ = try connection.query("BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE", deadline: .now + .seconds(10))
            return LockHolder(connection: connection)
        }
    }

    private func waitUntilTheScanWaitsOnTheLock(_ locker: LockHolder) async throws {
        try await runOnOwnThread {
            let giveUp = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < giveUp {
                // Inside its transaction the session sees a cached pg_stat_activity unless told to drop it.
                let waiting = try locker.connection.query(
                    "SELECT pg_stat_clear_snapshot(); SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                    deadline: .now + .seconds(5)).rows
                if waiting == [["1"]] { return }
                var pause = timespec(tv_sec: 0, tv_nsec: 20_000_000)
                nanosleep(&pause, nil)
            }
            throw PostgresError("the scan never waited on the lock")
        }
    }
}

/// Keeps the locking session open for the test's length; used from one thread at a time.
private final class LockHolder: @unchecked Sendable {
    let connection: PostgresConnection
    init(connection: PostgresConnection) { self.connection = connection }
}
