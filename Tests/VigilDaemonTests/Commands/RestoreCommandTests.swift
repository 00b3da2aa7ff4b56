import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// `vigil restore` runs the enabled checks once after the data is back: a check that is not
/// healthy makes it exit 2 with what failed, while the report says the data was restored.
/// (Stopping and starting units is tested under systemd: RestoreUnderSystemdTests.)
@Suite("vigil restore", .serialized)
struct RestoreCommandTests {
    @Test("restored, but a check fails: exit 2, the check named, the report's steps and fields")
    func restoredButAHealthCheckFails() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql("CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts SELECT generate_series(1, 100);")
        let scratch = try ScratchDirectory()
        let config = try BackupCommandTests.config(cluster, in: scratch, pgDump: PostgresCluster.binaries + "/pg_dump")
        let backup = try BackupCommandTests.vigil(["backup", "--config", config])
        let folder = try #require(backup.output.split(separator: "\n").first { $0.hasPrefix(scratch.file("backups/")) }.map(String.init))
        _ = try cluster.psql("DELETE FROM accounts WHERE id > 10")
        let checks = try scratch.write("checks.toml", TestConfig.postgres("database", database: "main", interval: "10s", timeout: "5s")
            + TestConfig.dummy("api", code: 2, message: "connection refused", interval: "10s", timeout: "5s"))

        let restored = try BackupCommandTests.vigil(["restore", "--config", config, "--config", checks, folder, "--yes", "--format", "json"])
        #expect(restored.exit == 2, "\(restored.output)")
        #expect(restored.output.contains("restored, but health checks fail: api CRITICAL (CRITICAL: connection refused)"), "\(restored.output)")
        #expect(try cluster.psql("SELECT count(*) FROM accounts") == "100")
        let json = try #require(restored.output.firstRange(of: "{").map { String(restored.output[$0.lowerBound...]) })
        let jsonText = try #require(json.range(of: "\n}").map { String(json[..<$0.upperBound]) })
        let report = try #require(try JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as? [String: Any])
        #expect(report["success"] as? Bool == true && report["healthy"] as? Bool == false)
        #expect(report["stoppedUnits"] as? [String] == [] && report["startedUnits"] as? [String] == [])
        let steps = try #require(report["steps"] as? [String])
        #expect(steps.dropLast().last?.hasPrefix("health check database: HEALTHY") == true, "\(steps)")
        #expect(steps.last == "health check api: CRITICAL (CRITICAL: connection refused)", "\(steps)")
        let entry = try #require(try JournalReader.entries(matching: [
            "BACKUP=\(URL(fileURLWithPath: folder).lastPathComponent)", "MESSAGE_ID=\(EventKind.restoreFinished.messageID)",
        ]).first)
        #expect(entry["STEPS"]?.contains("health check api: CRITICAL (CRITICAL: connection refused)") == true, "\(entry)")
        #expect(entry["UNITS"] == nil)
    }
}
