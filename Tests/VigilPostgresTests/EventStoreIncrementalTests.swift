import Testing
import VigilCore
import VigilPostgres
import VigilTestSupport

/// Incremental event-store runs against a real cluster: anomalies past a checkpoint found with
/// exact ids (across the boundary too), nothing re-reported, the checkpoint advancing, and an
/// event that commits late with a lower position still checked.
@Suite struct EventStoreIncrementalTests {
    private typealias Fixture = EventStoreFixture

    /// One incremental run on a connection of its own.
    private func run(_ cluster: PostgresCluster, after checkpoint: EventStoreCheckpoint, positionColumn: String = "position",
                     maxIssues: Int = 1000) async throws -> (ConsistencyReport, EventStoreCheckpoint) {
        let conninfo = cluster.conninfo
        return try await runOnOwnThread {
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            return try EventStoreScan.incremental(Fixture.table(), positionColumn: positionColumn, after: checkpoint,
                                                  on: connection, maxIssues: maxIssues, deadline: .now + .seconds(30))
        }
    }

    private func runError(_ cluster: PostgresCluster, positionColumn: String = "position") async throws -> String {
        do {
            _ = try await run(cluster, after: .beginning, positionColumn: positionColumn)
            Issue.record("the run succeeded")
            return ""
        } catch let error as PostgresError {
            return error.description
        }
    }

    /// An insert of one event: `version` of `aggregate`, stamped `stamp` (SQL), with id `extraEvent(number)`.
    private func insert(_ aggregate: Int, version: String, stamp: String, number: Int) -> String {
        "INSERT INTO events (aggregate_id, version, occurred_at, event_id) VALUES ('\(Fixture.aggregate(aggregate))', \(version), \(stamp), '\(Fixture.extraEvent(number))');"
    }

    private func sorted(_ anomalies: [ConsistencyAnomaly]) -> [ConsistencyAnomaly] {
        anomalies.sorted { ($0.kind, $0.aggregateID, $0.details, $0.eventID ?? "") < ($1.kind, $1.aggregateID, $1.details, $1.eventID ?? "") }
    }

    private var events: Int { Fixture.aggregates * Fixture.versions }

    @Test func theFirstRunChecksEverythingAndSettlesAtTheLastPosition() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            try cluster.psql("DELETE FROM events WHERE event_id = '\(Fixture.event(6, 5))'")
        }
        let (report, checkpoint) = try await run(cluster, after: .beginning)
        #expect(report.mode == .incremental)
        #expect(report.issues == [.gap(aggregate: Fixture.aggregate(6), from: 4, to: 6, eventID: Fixture.event(6, 6))])
        #expect(report.eventsChecked == events - 1 && report.aggregatesChecked == Fixture.aggregates)
        #expect(report.ruledOut == [
            "DUPLICATE_VERSION": "unique index events_aggregate_version",
            "NULL_FIELD": "aggregate_id, version and occurred_at are NOT NULL",
        ])
        #expect(checkpoint.settledPosition == Int64(events) && checkpoint.checkedThrough == Int64(events))
        #expect(checkpoint.snapshot != nil)
    }

    /// From the beginning, an incremental run finds exactly what the full scan finds in the store
    /// with every kind injected (several of each, at the first and last aggregate too).
    @Test func fromTheBeginningEveryInjectedAnomalyIsReportedWithItsIds() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let expected = try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: false)
            try cluster.psql("CREATE INDEX events_aggregate_version ON events (aggregate_id, version)")
            return try Fixture.injectAnomalies(in: cluster)
        }
        let (report, _) = try await run(cluster, after: .beginning)
        #expect(report.issueCounts == ["VERSION_GAP": 3, "DUPLICATE_VERSION": 3, "FIRST_VERSION": 3, "TIMESTAMP_DISORDER": 3, "NULL_FIELD": 4])
        #expect(Fixture.comparable(report.issues) == Fixture.comparable(expected))
        #expect(report.eventsChecked == 500 && report.aggregatesChecked == Fixture.aggregates)
    }

    /// New events of old aggregates are compared with their previous event, new aggregates
    /// with `first_version`; anomalies before the checkpoint are not reported again.
    @Test(arguments: [false, true])
    func newAnomaliesAreFoundAcrossTheBoundaryAndOldOnesAreNotRepeated(unique: Bool) async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: false)
            try cluster.psql(unique ? "CREATE UNIQUE INDEX events_aggregate_version ON events (aggregate_id, version)"
                                    : "CREATE INDEX events_aggregate_version ON events (aggregate_id, version)")
            // Before the checkpoint: a gap in aggregate 6, reported by the first run only.
            try cluster.psql("DELETE FROM events WHERE event_id = '\(Fixture.event(6, 5))'")
        }
        let (before, checkpoint) = try await run(cluster, after: .beginning)
        #expect(before.issues == [.gap(aggregate: Fixture.aggregate(6), from: 4, to: 6, eventID: Fixture.event(6, 6))])

        let last = Fixture.aggregates
        try await runOnOwnThread {
            var statements = [
                // The first aggregate skips 11: a gap between the last checked version and the first new one.
                insert(1, version: "12", stamp: Fixture.timestampSQL(1, 12), number: 1),
                // Aggregate 2's version 11 is stamped before its version 10: disorder against the previous event.
                insert(2, version: "11", stamp: Fixture.timestampSQL(2, 10) + " - interval '1 second'", number: 2),
                // Clean continuations, one of them two events long.
                insert(5, version: "11", stamp: Fixture.timestampSQL(5, 11), number: 3),
                insert(5, version: "12", stamp: Fixture.timestampSQL(5, 12), number: 4),
                // New aggregates: one starting at 2, one with a gap between two new events, one clean.
                insert(last + 1, version: "2", stamp: "now()", number: 5),
                insert(last + 2, version: "1", stamp: "now()", number: 6),
                insert(last + 2, version: "3", stamp: "now()", number: 7),
                insert(last + 3, version: "1", stamp: "now()", number: 8),
                // The last aggregate: a gap 11→13 among new events, and 13 stamped before 11.
                insert(last, version: "11", stamp: Fixture.timestampSQL(last, 11), number: 9),
                insert(last, version: "13", stamp: Fixture.timestampSQL(last, 11) + " - interval '1 second'", number: 10),
            ]
            if !unique {
                // Version 10 of aggregate 3 again, and a NULL timestamp: kinds the constraints would rule out.
                statements.append(insert(3, version: "10", stamp: Fixture.timestampSQL(3, 10), number: 11))
                statements.append(insert(4, version: "11", stamp: "NULL", number: 12))
            }
            try cluster.psql(statements.joined(separator: "\n"))
        }

        let (report, next) = try await run(cluster, after: checkpoint)
        var expected: [ConsistencyAnomaly] = [
            .gap(aggregate: Fixture.aggregate(1), from: 10, to: 12, eventID: Fixture.extraEvent(1)),
            .disorder(aggregate: Fixture.aggregate(2), event: Fixture.extraEvent(2), before: Fixture.event(2, 10)),
            .firstVersion(aggregate: Fixture.aggregate(last + 1), found: 2, expected: 1, eventID: Fixture.extraEvent(5)),
            .gap(aggregate: Fixture.aggregate(last + 2), from: 1, to: 3, eventID: Fixture.extraEvent(7)),
            .gap(aggregate: Fixture.aggregate(last), from: 11, to: 13, eventID: Fixture.extraEvent(10)),
            .disorder(aggregate: Fixture.aggregate(last), event: Fixture.extraEvent(10), before: Fixture.extraEvent(9)),
        ]
        var counts = ["VERSION_GAP": 3, "TIMESTAMP_DISORDER": 2, "FIRST_VERSION": 1]
        if !unique {
            expected.append(.duplicate(aggregate: Fixture.aggregate(3), version: 10, count: 2, eventID: Fixture.extraEvent(11)))
            expected.append(.nullField(aggregate: Fixture.aggregate(4), column: "occurred_at", eventID: Fixture.extraEvent(12)))
            counts["DUPLICATE_VERSION"] = 1
            counts["NULL_FIELD"] = 1
        }
        #expect(sorted(report.issues) == sorted(expected))
        #expect(report.issueCounts == counts)
        #expect(!report.truncated)
        let newEvents = unique ? 10 : 12
        #expect(report.eventsChecked == newEvents)
        #expect(report.aggregatesChecked == (unique ? 7 : 9))
        #expect(next.settledPosition == Int64(events + newEvents) && next.checkedThrough == next.settledPosition)

        // Nothing new: nothing reported, the checkpoint stays where it is.
        let (again, same) = try await run(cluster, after: next)
        #expect(again.totalIssues == 0 && again.eventsChecked == 0 && again.aggregatesChecked == 0)
        #expect(same.settledPosition == next.settledPosition && same.checkedThrough == next.checkedThrough)
    }

    @Test func theListIsCappedButTheCountsStayExact() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: true) }
        let (_, checkpoint) = try await run(cluster, after: .beginning)
        try await runOnOwnThread {
            try cluster.psql((1...4).map { insert($0, version: "12", stamp: "now()", number: $0) }.joined(separator: "\n"))
        }
        let (report, _) = try await run(cluster, after: checkpoint, maxIssues: 3)
        #expect(report.issues.count == 3 && report.truncated)
        #expect(report.issueCounts == ["VERSION_GAP": 4])
    }

    /// Transaction A draws position p and stays open; B draws p + 1 and commits. The run must
    /// not settle past p - 1, and once A commits, the next run reports A's event and does not
    /// report B's again.
    @Test func anEventCommittedLateWithALowerPositionIsStillChecked() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: true) }
        let (_, checkpoint) = try await run(cluster, after: .beginning)
        let late = Int64(events + 1)

        let conninfo = cluster.conninfo
        let open = try await runOnOwnThread {
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            let position = try connection.query(
                "BEGIN; " + String(insert(7, version: "12", stamp: "now()", number: 1).dropLast()) + " RETURNING position",
                deadline: .now + .seconds(10)).rows
            return (OpenTransaction(connection: connection), position)
        }
        #expect(open.1 == [[String(late)]])
        try await runOnOwnThread {
            _ = try cluster.psql(insert(8, version: "11", stamp: Fixture.timestampSQL(8, 10) + " - interval '1 second'", number: 2))
        }

        let (whileOpen, held) = try await run(cluster, after: checkpoint)
        #expect(whileOpen.issues == [.disorder(aggregate: Fixture.aggregate(8), event: Fixture.extraEvent(2), before: Fixture.event(8, 10))])
        #expect(whileOpen.eventsChecked == 1)
        #expect(held.settledPosition == late - 1, "settled past an event still being written")
        #expect(held.checkedThrough == late + 1)

        try await runOnOwnThread {
            _ = try open.0.connection.query("COMMIT", deadline: .now + .seconds(10))
        }
        let (afterCommit, settled) = try await run(cluster, after: held)
        #expect(afterCommit.issues == [.gap(aggregate: Fixture.aggregate(7), from: 10, to: 12, eventID: Fixture.extraEvent(1))])
        #expect(afterCommit.eventsChecked == 1)
        #expect(settled.settledPosition == late + 1 && settled.checkedThrough == late + 1)
    }

    /// A full scan leaves the checkpoint incremental runs continue from, taken in its own
    /// snapshot: with a transaction holding a lower position open, it settles below it, and the
    /// late event is checked by the next incremental run; what the full scan saw is not repeated.
    @Test func aFullScanLeavesACheckpointThatHoldsBackForALateEvent() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: true) }
        let late = Int64(events + 1)
        let conninfo = cluster.conninfo
        let open = try await runOnOwnThread {
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            _ = try connection.query("BEGIN; " + insert(7, version: "12", stamp: "now()", number: 1), deadline: .now + .seconds(10))
            return OpenTransaction(connection: connection)
        }
        try await runOnOwnThread { _ = try cluster.psql(insert(8, version: "12", stamp: "now()", number: 2)) }

        let (full, checkpoint) = try await runOnOwnThread {
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            return try EventStoreScan.full(Fixture.table(), checkpointingBy: "position", on: connection, maxIssues: 100,
                                           deadline: .now + .seconds(30))
        }
        #expect(full.mode == .full && full.eventsChecked == events + 1)
        #expect(full.issues == [.gap(aggregate: Fixture.aggregate(8), from: 10, to: 12, eventID: Fixture.extraEvent(2))])
        #expect(checkpoint.settledPosition == late - 1, "settled past an event still being written")
        #expect(checkpoint.checkedThrough == late + 1 && checkpoint.snapshot != nil)

        try await runOnOwnThread { _ = try open.connection.query("COMMIT", deadline: .now + .seconds(10)) }
        let (next, settled) = try await run(cluster, after: checkpoint)
        #expect(next.issues == [.gap(aggregate: Fixture.aggregate(7), from: 10, to: 12, eventID: Fixture.extraEvent(1))])
        #expect(next.eventsChecked == 1)
        #expect(settled.settledPosition == late + 1)
    }

    @Test func aFullScanOfAnEmptyStoreCheckpointsAtTheBeginning() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread {
            try Fixture.create(in: cluster, constraints: true)
            try cluster.psql("DELETE FROM events")
        }
        let conninfo = cluster.conninfo
        let (report, checkpoint) = try await runOnOwnThread {
            let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
            return try EventStoreScan.full(Fixture.table(), checkpointingBy: "position", on: connection, maxIssues: 100,
                                           deadline: .now + .seconds(30))
        }
        #expect(report.eventsChecked == 0 && report.totalIssues == 0)
        #expect(checkpoint.settledPosition == EventStoreCheckpoint.beginning.settledPosition)
    }

    @Test func aPositionColumnOfTheWrongTypeIsNamed() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: true) }
        let text = try await runError(cluster, positionColumn: "occurred_at")
        #expect(text == "incremental consistency check of events failed: column public.events.occurred_at is timestamp with time zone, not an integer type")
        let missing = try await runError(cluster, positionColumn: "postion")
        #expect(missing == #"incremental consistency check of events failed: table public.events has no column "postion""#)
    }

    @Test func withoutAnAggregateVersionIndexTheRunSaysWhatItNeeds() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try await runOnOwnThread { try Fixture.create(in: cluster, constraints: false) }
        let text = try await runError(cluster)
        #expect(text == "incremental consistency check of events failed: incremental checks of public.events need a btree index on (aggregate_id, version) to find each aggregate's previous event; there is none")
    }
}

/// Keeps a transaction open for the test's length; used from one thread at a time.
private final class OpenTransaction: @unchecked Sendable {
    let connection: PostgresConnection
    init(connection: PostgresConnection) { self.connection = connection }
}
