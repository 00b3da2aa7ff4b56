import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// `[[sample]]` in the real daemon against a real PostgreSQL: the sampled query made 3x slower (a
/// `pg_sleep` in a view) is a degradation finding, confirmed as a WARNING like any check's, and
/// recovers; the baseline survives a restart; a sampled statement cannot write.
@Suite("vigil run: samples", .serialized)
struct SampleDaemonTests {
    static func sample(_ name: String, query: String, window: Int = 5) -> String {
        """
        [[sample]]
        name = "\(name)"
        kind = "sql"
        database = "main"
        query = "\(query)"
        interval = "1s"
        timeout = "900ms"
        window = \(window)
        fail_after = 1
        recover_after = 1

        """
    }

    static func entries(_ kind: EventKind, _ daemon: DaemonProcess, _ more: [String] = [], timeout: Duration = .seconds(30)) throws -> [String: String] {
        try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(kind.messageID)", "_PID=\(daemon.process.pid)"] + more,
                                               timeout: timeout).first)
    }

    @Test("the sampled query made 3x slower: degraded with its baseline and ratio, the sample WARNING; faster again, it recovers")
    func degradationAndRecovery() async throws {
        try JournalReader.requirePrivateJournald()
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE VIEW sampled AS SELECT 1 AS one FROM pg_sleep(0.02)")
        let name = TestConfig.uniqueName("slowest_query")
        let scratch = try ScratchDirectory()
        let body = TestConfig.database("main", conninfo: cluster.conninfo) + Self.sample(name, query: "SELECT * FROM sampled")
        let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: scratch)
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        #expect(await waitUntil(timeout: .seconds(20)) { daemon.report?.checks.first?.message.contains("baseline") == true },
                "the window fills: \(String(describing: daemon.report?.checks.first?.message))")

        _ = try cluster.psql("CREATE OR REPLACE VIEW sampled AS SELECT 1 AS one FROM pg_sleep(0.06)")
        let degraded = try Self.entries(.sampleDegraded, daemon, ["OPERATION=\(name)"])
        let ratio = try #require(degraded["RATIO"].flatMap(Double.init)), baseline = try #require(degraded["BASELINE_MS"].flatMap(Double.init))
        #expect(ratio > 2 && ratio < 4 && baseline >= 20 && baseline < 40, "\(degraded)")
        #expect(degraded["STATUS"] == "WARNING" && degraded["FINDING"] == "degraded" && degraded["DURATION_MS"] != nil)
        let warning = try Self.entries(.checkWarning, daemon, ["CHECK=\(name)"])
        #expect(warning["CHECK_KIND"] == "sample_sql" && warning["MESSAGE"]?.contains("x the baseline of") == true, "\(warning)")

        // status.json is rewritten at most every second: the finding reaches it a moment after the journal.
        #expect(await waitUntil { daemon.document?.samples.first?.findings.isEmpty == false })
        let shown = try VigilInvocation.run(["samples", "--config", daemon.configPath])
        #expect(shown.standardOutput.hasPrefix("OPERATION") && shown.standardOutput.contains("\(name)  sql") && shown.standardOutput.contains("x the baseline of"),
                "\(shown.standardOutput)")
        let json = try VigilInvocation.run(["samples", "--format", "json", "--config", daemon.configPath])
        let views = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(views.first?["name"] as? String == name && views.first?["window"] as? Int == 5
                && (views.first?["durationsMs"] as? [Double])?.count == 5, "\(json.standardOutput)")

        _ = try cluster.psql("CREATE OR REPLACE VIEW sampled AS SELECT 1 AS one FROM pg_sleep(0.02)")
        let recovered = try Self.entries(.sampleRecovered, daemon, ["OPERATION=\(name)", "FINDING=degraded"])
        #expect(recovered["MESSAGE"]?.contains("no longer degraded") == true)
        _ = try Self.entries(.checkRecovered, daemon, ["CHECK=\(name)"])

        // The baseline is saved at the stop and read back at the next start: no second warm-up.
        #expect(daemon.terminate() == 0)
        let saved = try String(contentsOfFile: scratch.file("state/samples/\(name).json"), encoding: .utf8)
        #expect(saved.contains("\"measures\"") && saved.contains("sql main SELECT * FROM sampled"), "\(saved)")
        _ = try cluster.psql("CREATE OR REPLACE VIEW sampled AS SELECT 1 AS one FROM pg_sleep(0.08)")
        let again = try DaemonProcess(body: body, logTarget: "journal", directory: scratch)
        defer { _ = again.terminate() }
        _ = try #require(again.waitForReady(), "no READY=1: \(again.output)")
        let first = try Self.entries(.sampleDegraded, again, ["OPERATION=\(name)"], timeout: .seconds(10))
        #expect(first["STATUS"] == "WARNING", "the first sample after the restart is judged against the saved baseline: \(first)")
    }

    @Test("a sampled statement runs read-only: one that writes fails the sample with PostgreSQL's words, and writes nothing")
    func readOnly() async throws {
        try JournalReader.requirePrivateJournald()
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE TABLE written (id int)")
        let name = TestConfig.uniqueName("writer")
        let daemon = try DaemonProcess(body: TestConfig.database("main", conninfo: cluster.conninfo)
                                           + Self.sample(name, query: "INSERT INTO written VALUES (1)"), logTarget: "journal")
        defer { _ = daemon.terminate() }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        let failed = try Self.entries(.sampleFailed, daemon, ["OPERATION=\(name)"])
        #expect(failed["ERROR"]?.contains("cannot execute INSERT in a read-only transaction") == true, "\(failed)")
        _ = try Self.entries(.checkCritical, daemon, ["CHECK=\(name)"])
        #expect(try cluster.psql("SELECT count(*) FROM written") == "0")
    }
}

/// A `kind = "process"` sample of a real process that grows and burns a core: memory growth and
/// CPU findings with the seed's fields; its end (the process gone) fails the sample.
@Suite("vigil run: process samples", .serialized)
struct ProcessSampleDaemonTests {
    @Test("a growing, burning process: memory growth (MEMORY_BYTES, MEMORY_DELTA_BYTES) and CPU (CPU_PERCENT); killed, the sample fails")
    func growthAndCPU() async throws {
        try JournalReader.requirePrivateJournald()
        let scratch = try ScratchDirectory()
        let pidFile = scratch.file("worker.pid")
        let worker = try BackgroundProcess(["/usr/bin/python3", RepositoryPaths.file("Tests/Fixtures/grow_and_burn.py").path, pidFile],
                                           environment: ["GROW_MB": "20"])
        defer { worker.signal(SIGKILL); _ = worker.waitForExit(timeout: .seconds(5)) }
        #expect(await waitUntil { FileManager.default.fileExists(atPath: pidFile) }, "the worker wrote its pid")
        let name = TestConfig.uniqueName("replay")
        let daemon = try DaemonProcess(body: """
            [[sample]]
            name = "\(name)"
            kind = "process"
            pid_file = "\(pidFile)"
            interval = "1s"
            timeout = "900ms"
            window = 4
            memory_growth = "30MB"
            cpu_percent = 40
            cpu_for = "3s"
            fail_after = 1

            """, logTarget: "journal")
        defer { _ = daemon.terminate() }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")

        let growth = try SampleDaemonTests.entries(.sampleMemoryGrowth, daemon, ["OPERATION=\(name)"])
        let delta = try #require(growth["MEMORY_DELTA_BYTES"].flatMap(Double.init)), memory = try #require(growth["MEMORY_BYTES"].flatMap(Double.init))
        #expect(delta > 30e6 && memory > delta && growth["STATUS"] == "WARNING", "\(growth)")
        let cpu = try SampleDaemonTests.entries(.sampleCPU, daemon, ["OPERATION=\(name)"])
        #expect((cpu["CPU_PERCENT"].flatMap(Double.init) ?? 0) > 40, "\(cpu)")
        _ = try SampleDaemonTests.entries(.checkWarning, daemon, ["CHECK=\(name)"])
        let shown = try VigilInvocation.run(["samples", "--config", daemon.configPath])
        #expect(shown.standardOutput.contains("\(name)  process  memory "), "\(shown.standardOutput)")

        worker.signal(SIGKILL)
        _ = worker.waitForExit(timeout: .seconds(5))
        let failed = try SampleDaemonTests.entries(.sampleFailed, daemon, ["OPERATION=\(name)"])
        #expect(failed["ERROR"]?.hasSuffix("is not running") == true, "\(failed)")
    }
}
