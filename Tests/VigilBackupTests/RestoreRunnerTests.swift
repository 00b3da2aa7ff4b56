import Foundation
import Synchronization
import Testing
import VigilBackup
import VigilCore
import VigilTestSupport

/// The round trip the seed's DataRecoveryService promises, with a real PostgreSQL and real files:
/// back up, destroy, restore, and every row and every byte is back; a bad backup is refused before
/// anything is touched.
@Suite(.serialized) struct RestoreRunnerTests {
    typealias Scratch = BackupRunnerTests.Scratch

    /// An order-independent digest of every row of each table.
    private func digests(_ cluster: PostgresCluster) throws -> [String: String] {
        var result: [String: String] = [:]
        for table in ["events", "accounts"] {
            let exists = try cluster.psql("SELECT to_regclass('\(table)') IS NOT NULL").trimmingCharacters(in: .whitespacesAndNewlines)
            result[table] = exists == "t"
                ? try cluster.psql("SELECT md5(coalesce(string_agg(h, '' ORDER BY h), '')) || ' ' || count(*) FROM (SELECT md5(t::text) AS h FROM \(table) AS t) AS rows")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                : "missing"
        }
        return result
    }

    /// Every file under `folder`, relative path → bytes.
    private func tree(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [] {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = FileManager.default.contents(atPath: folder + "/" + path)
            }
        }
        return files
    }

    private func settings(_ scratch: Scratch, units: [String] = []) -> BackupSettings {
        BackupSettings(database: "main", storage: [scratch.path + "/storage"], config: [scratch.path + "/alexandria.toml"],
                       destination: scratch.path + "/backups", keep: 1, keepFor: .seconds(0), timeout: .seconds(60),
                       pgDump: PostgresCluster.binaries + "/pg_dump", units: units)
    }

    private let events = EventStoreCheckSettings(database: "main", table: "events")

    /// Records each stop and start with the number of `accounts` rows at that moment (`nil`: no
    /// such table), so a test sees what the database held while the unit was down; fails the
    /// units in `failing`.
    final class RecordingServices: RestoreServiceControl {
        let cluster: PostgresCluster
        let failing: Set<String>
        let calls = Mutex<[String]>([])

        init(_ cluster: PostgresCluster, failing: Set<String> = []) {
            self.cluster = cluster
            self.failing = failing
        }

        private func record(_ verb: String, _ unit: String) throws(BackupError) {
            let rows = (try? cluster.psql("SELECT count(*) FROM accounts")) ?? "no accounts"
            calls.withLock { $0.append("\(verb) \(unit) (\(rows))") }
            if failing.contains(unit) { throw BackupError(step: verb, "Access denied") }
        }

        func stop(_ unit: String, deadline: ContinuousClock.Instant) throws(BackupError) { try record("stop", unit) }
        func start(_ unit: String, deadline: ContinuousClock.Instant) throws(BackupError) { try record("start", unit) }
    }

    /// The store and the storage tree, backed up once.
    private func backedUp(_ cluster: PostgresCluster) throws -> (Scratch, DatabaseSettings, BackupRunner.Outcome) {
        _ = try cluster.psql(BackupRunnerTests.store)
        let scratch = try Scratch()
        let database = DatabaseSettings(name: "main", conninfo: cluster.conninfo)
        return (scratch, database, try BackupRunner(settings: settings(scratch), database: database).run())
    }

    @Test func backUpDestroyRestoreAndEveryRowAndByteIsBack() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(BackupRunnerTests.store)
        let scratch = try Scratch()
        let database = DatabaseSettings(name: "main", conninfo: cluster.conninfo)
        let rowsBefore = try digests(cluster)
        let filesBefore = tree(scratch.path + "/storage")
        #expect(rowsBefore["events"]?.hasSuffix(" 3000") == true && rowsBefore["accounts"]?.hasSuffix(" 50") == true)
        let backup = try BackupRunner(settings: settings(scratch), database: database).run(at: Date(timeIntervalSinceNow: -86400))

        // Destroy: a table dropped, events deleted and altered, files deleted, altered and added.
        _ = try cluster.psql("""
            DROP TABLE accounts; DELETE FROM events WHERE version > 8; UPDATE events SET occurred_at = now() WHERE version = 1;
            """)
        try FileManager.default.removeItem(atPath: scratch.path + "/storage/plugins/state.json")
        try Data("changed".utf8).write(to: URL(fileURLWithPath: scratch.path + "/storage/blob.bin"))
        try Data("new".utf8).write(to: URL(fileURLWithPath: scratch.path + "/storage/stray.txt"))
        #expect(try digests(cluster) != rowsBefore && tree(scratch.path + "/storage") != filesBefore)
        let destroyedRows = try digests(cluster)

        var said: [String] = []
        let report = try RestoreRunner(settings: settings(scratch), database: database).run(backup: backup.path) { said.append($0) }
        #expect(report.success && report.recoveredAt != nil)
        #expect(try digests(cluster) == rowsBefore)
        #expect(tree(scratch.path + "/storage") == filesBefore)
        #expect(said.first?.hasPrefix("verified ") == true && said.last?.hasPrefix("validated: ") == true, "\(said)")

        // The safety backup holds the destroyed state, and retention (keep 1, keep_for 0) spared the restored backup.
        let safety = try #require(report.safetyBackup)
        #expect(safety.hasSuffix("-before-restore"))
        #expect(FileManager.default.fileExists(atPath: backup.path))
        let restoredFromSafety = try RestoreRunner(settings: settings(scratch), database: database)
            .run(backup: safety, safetyBackup: false)
        #expect(restoredFromSafety.success)
        // --clean drops and restores what the dump holds: accounts, which the safety backup lacks, stays.
        #expect(try digests(cluster)["events"] == destroyedRows["events"])
        #expect(try digests(cluster)["accounts"] == rowsBefore["accounts"])
    }

    @Test func aCorruptBackupIsRefusedBeforeAnythingIsTouched() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (scratch, database, backup) = try backedUp(cluster)
        _ = try cluster.psql("DELETE FROM accounts WHERE id > 10")
        let rows = try digests(cluster)
        let dump = backup.path + "/database.dump"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dump))
        bytes[bytes.count - 10] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: dump))
        do {
            _ = try RestoreRunner(settings: settings(scratch), database: database).run(backup: backup.path)
            Issue.record("a corrupt backup was restored")
        } catch {
            #expect(error.error.step == "verify")
            #expect(error.description.contains("database.dump does not match the manifest"), "\(error)")
            #expect(error.description.hasSuffix("; no safety backup was taken"), "\(error)")
        }
        #expect(try digests(cluster) == rows)
        #expect(BackupCatalog.list(destination: scratch.path + "/backups").count == 1)
    }

    @Test func aDryRunVerifiesAndChangesNothing() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (scratch, database, backup) = try backedUp(cluster)
        _ = try cluster.psql("DROP TABLE accounts")
        let report = try RestoreRunner(settings: settings(scratch), database: database).run(backup: backup.path, dryRun: true)
        #expect(report.success && report.safetyBackup == nil && report.recoveredAt == nil)
        #expect(report.steps.contains { $0.hasPrefix("would restore database main") })
        #expect(try digests(cluster)["accounts"] == "missing")
    }

    /// The units go down (in order) after the safety backup and before the database changes,
    /// and come back (in reverse) only once the restore validated, event store included.
    @Test func unitsAreStoppedAroundTheRestoreAndStartedInReverse() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (scratch, database, backup) = try backedUp(cluster)
        _ = try cluster.psql("DELETE FROM accounts WHERE id > 10")
        let services = RecordingServices(cluster)
        let units = ["alexandria-api.service", "alexandria-worker.service"]
        let report = try RestoreRunner(settings: settings(scratch, units: units), database: database, eventStores: [events],
                                       services: services).run(backup: backup.path)
        #expect(report.success)
        #expect(report.stoppedUnits == units && report.startedUnits == units.reversed() && report.unitsLeftStopped.isEmpty)
        #expect(services.calls.withLock { $0 } == [
            "stop alexandria-api.service (10)", "stop alexandria-worker.service (10)",
            "start alexandria-worker.service (50)", "start alexandria-api.service (50)",
        ])
        let order = ["safety backup ", "stopped alexandria-api.service", "stopped alexandria-worker.service", "restored database main",
                     "restored \(scratch.path)/storage", "validated: ", "started alexandria-worker.service", "started alexandria-api.service"]
        #expect(order.map { prefix in report.steps.firstIndex { $0.hasPrefix(prefix) } ?? -1 } == Array(1...8), "\(report.steps)")
        let validated = try #require(report.steps.first { $0.hasPrefix("validated: ") })
        #expect(validated == "validated: database main answers, event store events consistent (3000 events of 300 aggregates), "
                + "\(scratch.path)/storage matches its archive (4 entries)")
    }

    /// A backup of an event store with a version gap restores, but does not validate: the step
    /// names the anomaly, and the units stay down with the safety backup named.
    @Test func validationCatchesAnInconsistentEventStoreAndLeavesTheUnitsStopped() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        _ = try cluster.psql(BackupRunnerTests.store)
        _ = try cluster.psql("DELETE FROM events WHERE aggregate_id = md5('a7')::uuid AND version = 5")
        let scratch = try Scratch()
        let database = DatabaseSettings(name: "main", conninfo: cluster.conninfo)
        let backup = try BackupRunner(settings: settings(scratch), database: database).run(at: Date(timeIntervalSinceNow: -60))
        let services = RecordingServices(cluster)
        do {
            _ = try RestoreRunner(settings: settings(scratch, units: ["alexandria-api.service"]), database: database,
                                  eventStores: [events], services: services).run(backup: backup.path)
            Issue.record("an inconsistent event store validated")
        } catch {
            #expect(error.error.step == "validate")
            #expect(error.error.reason.contains("event store events is inconsistent: 1 VERSION_GAP"), "\(error)")
            #expect(error.error.reason.contains("aggregate \(try cluster.psql("SELECT md5('a7')::uuid")): Gap between version 4 and 6"),
                    "\(error)")
            let safety = try #require(error.report.safetyBackup)
            #expect(error.description.hasSuffix("; alexandria-api.service left stopped (not started on a restore that did not complete)"
                                                + "; the state before the restore is in \(safety)"), "\(error)")
            #expect(error.report.stoppedUnits == ["alexandria-api.service"] && error.report.startedUnits.isEmpty)
            #expect(!error.report.steps.contains { $0.hasPrefix("validated") || $0.hasPrefix("started") })
        }
        #expect(services.calls.withLock { $0 } == ["stop alexandria-api.service (50)"])
    }

    /// A unit that cannot be stopped ends the restore before the database is touched; the one
    /// stopped before it stays stopped.
    @Test func aUnitThatCannotBeStoppedEndsTheRestoreBeforeTheDatabase() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (scratch, database, backup) = try backedUp(cluster)
        _ = try cluster.psql("DELETE FROM accounts WHERE id > 10")
        let services = RecordingServices(cluster, failing: ["alexandria-worker.service"])
        do {
            _ = try RestoreRunner(settings: settings(scratch, units: ["alexandria-api.service", "alexandria-worker.service"]),
                                  database: database, services: services).run(backup: backup.path)
            Issue.record("the restore went on without stopping a unit")
        } catch {
            #expect(error.error == BackupError(step: "stop units", "cannot stop alexandria-worker.service: Access denied"))
            #expect(error.report.unitsLeftStopped == ["alexandria-api.service"])
            #expect(error.description.contains("; alexandria-api.service left stopped"), "\(error)")
        }
        #expect(try cluster.psql("SELECT count(*) FROM accounts") == "10")
    }

    @Test func unitsWithoutAMeansToStopThemAreRefusedBeforeAnything() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (scratch, database, backup) = try backedUp(cluster)
        do {
            _ = try RestoreRunner(settings: settings(scratch, units: ["alexandria-api.service"]), database: database).run(backup: backup.path)
            Issue.record("units were configured and nothing stopped them")
        } catch {
            #expect(error.error.step == "stop units" && error.report.steps.isEmpty, "\(error)")
        }
        #expect(BackupCatalog.list(destination: scratch.path + "/backups").count == 1)
    }

    @Test func aDryRunListsTheUnitsItWouldStopAndStart() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let (scratch, database, backup) = try backedUp(cluster)
        let services = RecordingServices(cluster)
        let report = try RestoreRunner(settings: settings(scratch, units: ["a.service", "b.service"]), database: database,
                                       eventStores: [events], services: services).run(backup: backup.path, dryRun: true)
        #expect(report.steps.dropFirst() == [
            "would take a safety backup into \(scratch.path)/backups",
            "would stop a.service, b.service",
            "would restore database main from \(URL(fileURLWithPath: backup.path).lastPathComponent)/database.dump (--clean --if-exists, one transaction)",
            "would replace \(scratch.path)/storage with \(URL(fileURLWithPath: backup.path).lastPathComponent)/storage-1-storage.tar.gz",
            "would validate: database main answers, event store events consistent, 1 storage paths match their archives",
            "would start b.service, a.service",
        ])
        #expect(services.calls.withLock { $0 }.isEmpty)
    }
}
