import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// Every key Vigil writes in JSON for people and their tools is camelCase, as the seed's reports
/// are: each command's `--format json` answer and status.json, walked whole. Maps whose keys are
/// data (metric names, anomaly kinds, journal field names, check names) are not names of Vigil's.
@Suite("JSON key naming", .serialized)
struct JSONKeyNamingTests {
    /// Keys whose values are maps keyed by data, not by Vigil.
    static let dataMaps: Set = ["metrics", "issueCounts", "standingIssueCounts", "ruledOut", "fields"]

    /// Every key of `json` (a whole document), after checking that none has an `_`; `namedByData`
    /// when the top level is itself a map by check name.
    static func keys(of json: String, _ what: String, namedByData: Bool = false) throws -> Set<String> {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        var seen: Set<String> = []
        func walk(_ value: Any, at path: String, keysAreData: Bool) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if !keysAreData {
                        seen.insert(key)
                        #expect(!key.contains("_"), "\(what): key \(path).\(key) is not camelCase")
                    }
                    walk(child, at: path + "." + key, keysAreData: !keysAreData && dataMaps.contains(key))
                }
            } else if let array = value as? [Any] {
                for (index, element) in array.enumerated() { walk(element, at: "\(path)[\(index)]", keysAreData: false) }
            }
        }
        walk(value, at: what, keysAreData: namedByData)
        return seen
    }

    @Test("every --format json answer and status.json: no key with an _ outside maps keyed by data")
    func everyKeyIsCamelCase() async throws {
        var seen: Set<String> = []

        // vigil check: metrics keyed by their names (available_percent, free_percent).
        let scratch = try ScratchDirectory()
        let checkBody = TestConfig.memory("memory") + TestConfig.disk("disk") + TestConfig.dummy("failing", code: 2)
        let check = try VigilInvocation.run(["check", "--format", "json"], body: checkBody, in: scratch)
        #expect(check.status == 2, "\(check)")
        seen.formUnion(try Self.keys(of: check.standardOutput, "vigil check"))

        // vigil simulate: one object per decision (journal fields keyed by name), then the summary.
        let replays = RepositoryPaths.file("examples/replays")
        let simulated = try ExternalTool.run(RepositoryPaths.vigilExecutable.path, [
            "simulate", "--config", replays.appendingPathComponent("database.toml").path,
            "--replay", replays.appendingPathComponent("database-stays-dead.jsonl").path, "--steps", "fail", "--format", "json"])
        let lines = simulated.standardOutput.split(separator: "\n")
        #expect(lines.count > 2, "\(simulated)")
        for line in lines { seen.formUnion(try Self.keys(of: String(line), "vigil simulate")) }

        // vigil consistency and --advise, by check name; the report counts by anomaly kind.
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(ConsistencyCommandTests.store)
        let events = try ConsistencyCommandTests.config(cluster, in: scratch)
        for extra in [[], ["--advise"]] {
            let (exit, output) = try ConsistencyCommandTests.vigil(["--config", events, "--format", "json"] + extra)
            #expect(exit == (extra.isEmpty ? 2 : 0), "\(output)")
            seen.formUnion(try Self.keys(of: output, "vigil consistency \(extra.joined())", namedByData: true))
        }

        // vigil restore.
        let backups = try ScratchDirectory()
        let backupConfig = try BackupCommandTests.config(cluster, in: backups, pgDump: PostgresCluster.binaries + "/pg_dump")
        let backup = try BackupCommandTests.vigil(["backup", "--config", backupConfig])
        let folder = try #require(backup.output.split(separator: "\n").first { $0.hasPrefix(backups.file("backups/")) }.map(String.init),
                                  "\(backup.output)")
        let restored = try VigilInvocation.run(["restore", "--config", backupConfig, folder, "--yes", "--format", "json"])
        #expect(restored.status == 0, "\(restored)")
        seen.formUnion(try Self.keys(of: restored.standardOutput, "vigil restore"))

        // status.json as a running daemon writes it (a plan that ran, a backup schedule), and
        // `vigil status --format json` while it runs.
        let daemonDirectory = try ScratchDirectory()
        let body = try ScheduledBackupTests.body(cluster, in: daemonDirectory, pgDump: PostgresCluster.binaries + "/pg_dump",
                                                 schedule: "every = \"1h\"", check: "backups")
            + TestConfig.check("failing", kind: "command", interval: "1s", timeout: "500ms",
                               extra: ["argv = [\"/usr/lib/nagios/plugins/check_dummy\", \"2\", \"down\"]", "remediation = \"page\""])
            + "[remediation.page]\nsteps = [{ kind = \"notify\", message = \"down\" }]\nmax_attempts = 1\n"
        let daemon = try DaemonProcess(body: body, directory: daemonDirectory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let planned = daemon.waitForReport { _ in daemon.document.map { !$0.decisions.plans.isEmpty && $0.backups != nil } == true }
        #expect(planned != nil, "no plan or no backups in status.json: \(daemon.output)")
        let statusFile = try String(contentsOfFile: daemonDirectory.file("run/status.json"), encoding: .utf8)
        seen.formUnion(try Self.keys(of: statusFile, "status.json"))
        let status = try VigilInvocation.run(["status", "--runtime-dir", daemonDirectory.file("run"), "--format", "json"])
        #expect(status.status == 2, "\(status)")
        seen.formUnion(try Self.keys(of: status.standardOutput, "vigil status"))
        #expect(daemon.terminate() == 0)

        // Every optional part of status.json at once (an open breaker, a suppressed and a soft
        // check, a running attempt, a backup running), encoded as the daemon and `vigil status` do.
        var sample = StatusSample.document()
        sample.backups = BackupScheduleView(schedule: .every(.seconds(3600)), destination: "/srv/backups",
                                            nextDue: StatusSample.at(9000), runningSince: StatusSample.at(7000))
        seen.formUnion(try Self.keys(of: String(decoding: sample.json(), as: UTF8.self), "status.json, every part"))

        // The walk saw the keys that were once snake_case, and those of every answer.
        let expected: Set = ["durationMs", "startedAt", "stateType", "flapPercent", "suppressedBy", "openSince", "lastError",
                             "budgetLeft", "maxAttempts", "nextAllowedAt", "stoppedSince", "nextDue", "runningSince",
                             "plansStopped", "wouldRun", "aggregatesChecked", "issueCounts", "ddl", "recoveredAt",
                             "safetyBackup", "stoppedUnits"]
        #expect(expected.subtracting(seen).isEmpty, "never seen: \(expected.subtracting(seen).sorted())")
    }
}
