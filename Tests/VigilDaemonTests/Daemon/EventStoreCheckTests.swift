import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// An incremental `event_store` check in the running daemon, against a real PostgreSQL and the
/// real journal: progress in the state directory, anomalies standing across runs and restarts
/// and journaled once, `vigil consistency` reading the daemon's progress, and a stop that
/// cancels a running scan on the server.
@Suite("event_store checks in the daemon", .serialized)
struct EventStoreCheckTests {
    static let store = ConsistencyCommandTests.consistentStore

    static func body(_ cluster: PostgresCluster, check: String, table: String = "events", interval: String = "1s",
                     timeout: String = "900ms", incremental: Bool = true) -> String {
        var extra = ["database = \"main\"", "table = \(TestConfig.quoted(table))"]
        if incremental { extra.append("position_column = \"position\"") }
        return TestConfig.database("main", conninfo: cluster.conninfo)
            + TestConfig.check(check, kind: "event_store", interval: interval, timeout: timeout, extra: extra)
    }

    static func consistency(_ arguments: [String]) throws -> (exit: Int32?, output: String) {
        try ConsistencyCommandTests.vigil(arguments)
    }

    @Test("an anomaly found by an incremental run stands across runs and a restart, and is journaled once")
    func incrementalCheck() throws {
        let cluster = try PostgresCluster()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.store)
        let check = TestConfig.uniqueName("events")
        let directory = try ScratchDirectory()
        var daemon = try DaemonProcess(body: Self.body(cluster, check: check), logTarget: "journal",
                                       arguments: ["--log-level", "debug"], directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let first = daemon.waitForResult(of: check, .healthy)
        #expect(first?.message == "12 events of 3 aggregates consistent", "\(daemon.output)")
        let progressFile = directory.file("state/event-store/\(check).json")
        #expect(FileManager.default.fileExists(atPath: progressFile))
        #expect(try JournalReader.entries(matching: ["CHECK=\(check)", "MESSAGE_ID=\(EventKind.eventStoreChecked.messageID)"])
            .first?["MODE"] == "full")

        // Aggregate 2 skips version 5.
        _ = try cluster.psql("""
            INSERT INTO events (aggregate_id, version, occurred_at, event_id)
            VALUES ('00000000-0000-0000-0000-000000000002', 6, '2031-01-01', '20000000-0000-0000-0000-000000000001');
            """)
        let critical = daemon.waitForResult(of: check, .critical)
        #expect(critical?.message.hasPrefix("1 VERSION_GAP since the last full scan (1 new in 1 new events of 1 aggregates)") == true,
                "\(String(describing: critical?.message))")
        let anomaly = try #require(try JournalReader.entries(
            matching: ["CHECK=\(check)", "MESSAGE_ID=\(EventKind.eventStoreAnomaly.messageID)"]).first)
        #expect(anomaly["PRIORITY"] == "3")
        #expect(anomaly["ANOMALY"] == "VERSION_GAP")
        #expect(anomaly["AGGREGATE_ID"] == "00000000-0000-0000-0000-000000000002")
        #expect(anomaly["EVENT_ID"] == "20000000-0000-0000-0000-000000000001")
        #expect(anomaly["DETAILS"] == "Gap between version 4 and 6")
        #expect(anomaly["MODE"] == "incremental" && anomaly["TABLE"] == "events")

        // Three more incremental runs: still CRITICAL, still one anomaly entry.
        let summaries = try JournalReader.entries(matching: ["CHECK=\(check)", "MESSAGE_ID=\(EventKind.eventStoreChecked.messageID)",
                                                             "MODE=incremental"], count: 4, timeout: .seconds(20))
        #expect(summaries.last?["STANDING_ISSUES"] == "1")
        #expect(daemon.report?.checks.first { $0.name == check }?.status == .critical)
        #expect(daemon.terminate() == 0)

        // A restart: the anomaly still stands, from the saved progress, and is not journaled again.
        daemon = try DaemonProcess(body: Self.body(cluster, check: check), logTarget: "journal",
                                   arguments: ["--log-level", "debug"], directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let afterRestart = daemon.waitForResult(of: check, .critical)
        #expect(afterRestart?.message.hasPrefix("1 VERSION_GAP since the last full scan (0 new in 0 new events") == true,
                "\(String(describing: afterRestart?.message))")
        #expect(daemon.terminate() == 0)
        #expect(try JournalReader.entries(matching: ["CHECK=\(check)", "MESSAGE_ID=\(EventKind.eventStoreAnomaly.messageID)"]).count == 1)

        // `vigil consistency` reads the daemon's progress: nothing new, the gap standing; --full finds it again.
        let incremental = try Self.consistency(["--config", daemon.configPath])
        #expect(incremental.exit == 2, "\(incremental.output)")
        #expect(incremental.output.contains("incremental scan: 0 events of 0 aggregates"), "\(incremental.output)")
        #expect(incremental.output.contains("standing since the daemon's last full scan (this run's included): 1 VERSION_GAP"),
                "\(incremental.output)")
        let full = try Self.consistency(["--config", daemon.configPath, "--full"])
        #expect(full.exit == 2, "\(full.output)")
        #expect(full.output.contains("full scan: 13 events of 3 aggregates"), "\(full.output)")
        #expect(full.output.contains("VERSION_GAP 00000000-0000-0000-0000-000000000002 event 20000000-0000-0000-0000-000000000001: "
            + "Gap between version 4 and 6"), "\(full.output)")
        let progress = try String(contentsOfFile: progressFile, encoding: .utf8)
        _ = try Self.consistency(["--config", daemon.configPath])
        #expect(try String(contentsOfFile: progressFile, encoding: .utf8) == progress, "vigil consistency wrote the daemon's progress")
    }

    @Test("progress vigil consistency cannot read: exit 3, naming the file and what to do")
    func unreadableProgress() throws {
        let cluster = try PostgresCluster()
        defer { cluster.shutdown() }
        _ = try cluster.psql(Self.store)
        let directory = try ScratchDirectory()
        let config = try directory.write("vigil.toml", DaemonProcess.config(Self.body(cluster, check: "events"), in: directory))
        try FileManager.default.createDirectory(atPath: directory.file("state/event-store"), withIntermediateDirectories: true)
        try "{\"format\":1,".write(toFile: directory.file("state/event-store/events.json"), atomically: false, encoding: .utf8)
        let (exit, output) = try Self.consistency(["--config", config])
        #expect(exit == 3, "\(output)")
        #expect(output.contains("events: could not read the daemon's progress: \(directory.file("state/event-store/events.json")):"), "\(output)")
        #expect(output.contains("(run as the daemon's user, or pass --full)"), "\(output)")
        #expect(try String(contentsOfFile: directory.file("state/event-store/events.json"), encoding: .utf8) == "{\"format\":1,",
                "a read-only reader set the file aside")
        let full = try Self.consistency(["--config", config, "--full"])
        #expect(full.exit == 0, "\(full.output)")
    }

    @Test("stopping the daemon cancels a running scan on the server")
    func stopCancelsTheScan() throws {
        let cluster = try PostgresCluster()
        defer { cluster.shutdown() }
        // Every row takes 5 s: a scan of the view would run into its statement_timeout, about 54 s.
        _ = try cluster.psql(Self.store + "CREATE VIEW slow_events AS SELECT e.* FROM events AS e, LATERAL (SELECT pg_sleep(5)) AS pause;")
        // A fixed name whose splay (a hash of the name) is 245 ms of the 2 min interval: the scan starts at once.
        let check = "slow_scan_71"
        let daemon = try DaemonProcess(body: Self.body(cluster, check: check, table: "slow_events", interval: "2m",
                                                       timeout: "1m", incremental: false))
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let running = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%slow_events%' AND pid <> pg_backend_pid()"
        #expect(try Self.wait(for: running, in: cluster, toBe: "1", within: .seconds(20)), "the scan never started")
        let stopping = ContinuousClock.now
        #expect(daemon.terminate(timeout: .seconds(10)) == 0, "\(daemon.output)")
        print("stopping during a scan took \(stopping.duration(to: .now)) (stop_timeout 5 s)")
        // The server says why the statement ended: a cancel request, not the client going away.
        let log = cluster.directory + "/server.log"
        var cancelled = false
        for _ in 0..<30 where !cancelled {
            cancelled = (try? String(contentsOfFile: log, encoding: .utf8))?.contains("canceling statement due to user request") == true
            if !cancelled { pause(.milliseconds(100)) }
        }
        #expect(cancelled, "no cancel request reached the server: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    /// Polls `sql` until it prints `expected`; false if it never does within `limit`.
    static func wait(for sql: String, in cluster: PostgresCluster, toBe expected: String, within limit: Duration) throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try cluster.psql(sql).trimmingCharacters(in: .whitespacesAndNewlines) == expected { return true }
            pause(.milliseconds(100))
        }
        return false
    }
}
