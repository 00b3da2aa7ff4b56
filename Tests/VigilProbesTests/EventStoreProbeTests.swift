import Foundation
import Synchronization
import Testing
import VigilCore
import VigilProbes
import VigilTestSupport

/// The `event_store` probe against a real throwaway cluster: what a check of the table reports.
@Suite struct EventStoreProbeTests {
    /// 3 aggregates of 4 events in the common schema, with a unique (aggregate_id, version) index.
    static let schema = """
        CREATE TABLE events (position bigserial PRIMARY KEY, aggregate_id uuid NOT NULL, version int NOT NULL,
                             occurred_at timestamptz NOT NULL, event_id uuid NOT NULL, payload jsonb NOT NULL DEFAULT '{}',
                             UNIQUE (aggregate_id, version));
        INSERT INTO events (aggregate_id, version, occurred_at, event_id)
        SELECT ('00000000-0000-0000-0000-00000000000' || a)::uuid, v, timestamptz '2030-01-01' + (v * interval '1 minute'),
               ('10000000-0000-0000-0000-0000000000' || a || v)::uuid
        FROM generate_series(1, 3) AS a, generate_series(1, 4) AS v;
        """

    private func probe(_ cluster: PostgresCluster, table: String = "events") -> EventStoreProbe {
        EventStoreProbe(check: "events", database: DatabaseSettings(name: "main", conninfo: cluster.conninfo),
                        settings: EventStoreCheckSettings(database: "main", table: table))
    }

    /// An incremental probe (by `position`) keeping its progress in `store` and its journal entries in `journal`.
    private func incrementalProbe(_ cluster: PostgresCluster, store: MemoryProgressStore, journal: JournalEntries,
                                  table: String = "events") -> EventStoreProbe {
        EventStoreProbe(check: "events", database: DatabaseSettings(name: "main", conninfo: cluster.conninfo),
                        settings: EventStoreCheckSettings(database: "main", table: table, positionColumn: "position"),
                        progressStore: store, journal: { journal.append($0) })
    }

    @Test func aConsistentStoreIsHealthyWithWhatWasChecked() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.schema)
        let observation = try await probe(cluster).observe(until: .now + .seconds(20))
        #expect(observation.status == .healthy, "\(observation.message)")
        #expect(observation.message == "12 events of 3 aggregates consistent")
        #expect(observation.metrics["issues"] == 0)
        #expect(observation.metrics["events_checked"] == 12)
    }

    @Test func anAnomalyMakesItCriticalWithTheCountsAndTheFirstOne() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.schema + """
            DELETE FROM events WHERE aggregate_id = '00000000-0000-0000-0000-000000000002' AND version = 3;
            """)
        let observation = try await probe(cluster).observe(until: .now + .seconds(20))
        #expect(observation.status == .critical)
        #expect(observation.message == "1 VERSION_GAP in 11 events of 3 aggregates; first: VERSION_GAP in "
            + "00000000-0000-0000-0000-000000000002: Gap between version 2 and 4", "\(observation.message)")
        #expect(observation.metrics["issues"] == 1)
        #expect(observation.metrics["version_gap"] == 1)
        #expect(observation.metrics["duplicate_version"] == 0)
    }

    @Test func aMissingTableIsUnknownAndNamesIt() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let observation = try await probe(cluster, table: "public.no_such_events").observe(until: .now + .seconds(20))
        #expect(observation.status == .unknown)
        #expect(observation.message.hasPrefix("could not check: "), "\(observation.message)")
        #expect(observation.message.contains("no_such_events"), "\(observation.message)")
    }

    /// The first run scans everything and leaves a checkpoint; later runs check only new events,
    /// an anomaly they find stands (CRITICAL on every run, journaled once, with its ids) until a
    /// full scan finds it gone.
    @Test func incrementalRunsKeepAnomaliesStandingUntilAFullScan() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.schema)
        let store = MemoryProgressStore()
        let journal = JournalEntries()
        let probe = incrementalProbe(cluster, store: store, journal: journal)

        let first = try await probe.observe(until: .now + .seconds(20))
        #expect(first.status == .healthy && first.message == "12 events of 3 aggregates consistent", "\(first.message)")
        let afterFirst = try #require(store.progress)
        #expect(afterFirst.lastFullScanAt != nil && afterFirst.checkpoint?.settledPosition == 12)
        #expect(journal.kinds == [.eventStoreChecked])

        // Aggregate 2 skips version 5; aggregate 3 goes on cleanly.
        _ = try cluster.psql("""
            INSERT INTO events (aggregate_id, version, occurred_at, event_id) VALUES
              ('00000000-0000-0000-0000-000000000002', 6, '2031-01-01', '20000000-0000-0000-0000-000000000001'),
              ('00000000-0000-0000-0000-000000000003', 5, '2031-01-01', '20000000-0000-0000-0000-000000000002');
            """)
        let second = try await probe.observe(until: .now + .seconds(20))
        #expect(second.status == .critical)
        #expect(second.message == "1 VERSION_GAP since the last full scan (1 new in 2 new events of 2 aggregates); first: "
            + "VERSION_GAP in 00000000-0000-0000-0000-000000000002: Gap between version 4 and 6", "\(second.message)")
        #expect(second.metrics["issues"] == 1 && second.metrics["new_issues"] == 1 && second.metrics["events_checked"] == 2)
        let anomaly = try #require(journal.entries.first { $0.kind == .eventStoreAnomaly })
        #expect(anomaly.priority == .error)
        #expect(anomaly.value(of: "ANOMALY") == "VERSION_GAP")
        #expect(anomaly.value(of: "AGGREGATE_ID") == "00000000-0000-0000-0000-000000000002")
        #expect(anomaly.value(of: "EVENT_ID") == "20000000-0000-0000-0000-000000000001")
        #expect(anomaly.value(of: "DETAILS") == "Gap between version 4 and 6")
        #expect(anomaly.value(of: "MODE") == "incremental" && anomaly.value(of: "COUNT") == "1")

        // Nothing new: the anomaly still stands, and is not journaled again.
        let third = try await probe.observe(until: .now + .seconds(20))
        #expect(third.status == .critical && third.metrics["issues"] == 1 && third.metrics["events_checked"] == 0)
        #expect(journal.entries.filter { $0.kind == .eventStoreAnomaly }.count == 1)

        // Repaired, and a full scan is due: it finds the store consistent.
        _ = try cluster.psql("UPDATE events SET version = 5 WHERE event_id = '20000000-0000-0000-0000-000000000001'")
        store.progress?.lastFullScanAt = Date(timeIntervalSinceNow: -25 * 3600)
        let fourth = try await probe.observe(until: .now + .seconds(20))
        #expect(fourth.status == .healthy && fourth.message == "14 events of 3 aggregates consistent", "\(fourth.message)")
        #expect(store.progress?.standingCounts == [:])
    }

    /// A frozen server on an incremental run: UNKNOWN at the deadline, not a hang, and the
    /// progress stays where it was.
    @Test func aFrozenServerMakesAnIncrementalRunUnknownAtItsDeadline() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.schema)
        let store = MemoryProgressStore()
        let probe = incrementalProbe(cluster, store: store, journal: JournalEntries())
        _ = try await probe.observe(until: .now + .seconds(20))
        let saved = try #require(store.progress)
        #expect(saved.checkpoint != nil)

        cluster.freeze()
        defer { cluster.thaw() }
        let started = ContinuousClock.now
        let observation = try await probe.observe(until: .now + .seconds(3))
        let elapsed = started.duration(to: .now)
        #expect(observation.status == .unknown)
        #expect(observation.message.hasPrefix("could not check: ") && observation.message.contains("timed out"), "\(observation.message)")
        #expect(elapsed < .seconds(6), "gave up after \(elapsed)")
        #expect(store.progress == saved)
    }

    /// Cancelling the probe's task (the daemon stopping) cancels the running statement on the
    /// server: the probe returns at once instead of at its deadline, and the backend is idle.
    @Test func cancellingTheTaskCancelsTheQueryOnTheServer() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        // A view whose every row takes 0.5 s: the scan would take 6 s.
        _ = try cluster.psql(Self.schema + """
            CREATE VIEW slow_events AS SELECT e.* FROM events AS e, LATERAL (SELECT pg_sleep(0.5)) AS pause;
            """)
        let probe = probe(cluster, table: "slow_events")
        let started = ContinuousClock.now
        let task = Task { try await probe.observe(until: .now + .seconds(60)) }
        try await waitFor(cluster, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%slow_events%' AND pid <> pg_backend_pid()", toBe: "1")
        task.cancel()
        let observation = try await task.value
        let elapsed = started.duration(to: .now)
        #expect(observation.status == .unknown)
        #expect(observation.message.contains("canceling statement due to user request"), "\(observation.message)")
        #expect(elapsed < .seconds(5), "returned after \(elapsed)")
        try await waitFor(cluster, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%slow_events%' AND pid <> pg_backend_pid()", toBe: "0")
    }

    /// Polls `sql` until it prints `expected`, for up to 10 s.
    private func waitFor(_ cluster: PostgresCluster, _ sql: String, toBe expected: String) async throws {
        for _ in 0..<100 {
            if try cluster.psql(sql).trimmingCharacters(in: .whitespacesAndNewlines) == expected { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(sql) never gave \(expected)")
    }
}

/// The progress port kept in memory: one check's progress, readable and changeable by the test.
private final class MemoryProgressStore: EventStoreProgressStore {
    private let stored = Mutex<EventStoreProgress?>(nil)

    var progress: EventStoreProgress? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }

    func load(check: String) throws(EventStoreProgressStoreError) -> EventStoreProgress? { progress }
    func save(_ progress: EventStoreProgress, check: String) throws(EventStoreProgressStoreError) { self.progress = progress }
}

/// What the probe journaled, in order.
private final class JournalEntries: Sendable {
    private let stored = Mutex<[JournalEvent]>([])
    func append(_ event: JournalEvent) { stored.withLock { $0.append(event) } }
    var entries: [JournalEvent] { stored.withLock { $0 } }
    var kinds: [EventKind?] { entries.map(\.kind) }
}
