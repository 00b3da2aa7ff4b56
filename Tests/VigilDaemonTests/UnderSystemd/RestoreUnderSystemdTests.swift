import Foundation
import Testing
import VigilCore

/// `vigil restore` with `[backup] units = ["alexandria-api.service"]`, as root under a real
/// systemd as PID 1 in a throwaway container: the unit is down while the data is put back and
/// comes back only once the restore validated; a restore that fails leaves it down.
@Suite(.serialized) struct RestoreUnderSystemdTests {
    private func exitCode(_ boot: ContainerRun, _ name: String) throws -> String {
        try boot.file("restore-\(name).exit").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The unit saw the damaged database when it stopped and the restored one when it started,
    /// both within the restore; the report's steps say the same in order.
    @Test func theUnitIsDownWhileTheDataIsRestoredAndUpAfter() async throws {
        let boot = try await RestoreContainerBoot.shared()
        let messages = try boot.file("restore-clean.err")
        #expect(try exitCode(boot, "clean") == "0", "\(messages)")
        #expect(try boot.apiEvents(during: "clean").map { "\($0.event) \($0.accounts)" } == ["stopped 10", "started 50"])
        let before = try boot.state("api-before")
        let after = try boot.state("api-after-clean")
        #expect(before["ActiveState"] == "active" && after["ActiveState"] == "active" && after["SubState"] == "running")
        #expect(after["InvocationID"] != before["InvocationID"])

        let report = try boot.restoreReport("clean")
        #expect(report["success"] as? Bool == true && report["healthy"] as? Bool == true)
        #expect(report["stoppedUnits"] as? [String] == ["alexandria-api.service"])
        #expect(report["startedUnits"] as? [String] == ["alexandria-api.service"])
        let steps = try #require(report["steps"] as? [String])
        let order = ["safety backup ", "stopped alexandria-api.service", "restored database main", "restored /srv/alexandria/files",
                     "validated: ", "started alexandria-api.service", "health check alexandria_api: HEALTHY (", "health check events: HEALTHY ("]
        #expect(order.map { prefix in steps.firstIndex { $0.hasPrefix(prefix) } ?? -1 } == Array(1...8), "\(steps)")
        #expect(steps.contains("validated: database main answers, event store events consistent (3000 events of 300 aggregates), "
                               + "/srv/alexandria/files matches its archive (4 entries)"), "\(steps)")
        #expect(try boot.file("invoice-after-clean.txt") == "invoice 1\n")
        #expect(try boot.file("files-after-clean.txt") == "invoice.txt\nplugins\n")
    }

    @Test func theJournalNamesTheUnitsOfEachRestore() async throws {
        let boot = try await RestoreContainerBoot.shared()
        let journal = try boot.journal("vigil-journal.json")
        let finished = journal.filter { $0["MESSAGE_ID"] == EventKind.restoreFinished.messageID }
        let failed = journal.filter { $0["MESSAGE_ID"] == EventKind.restoreFailed.messageID }
        #expect(finished.map { $0["UNITS"] } == ["alexandria-api.service"])
        #expect(finished.first?["STEPS"]?.contains("stopped alexandria-api.service; restored database main") == true)
        #expect(failed.map { $0["STEP"] } == ["stop units", "restore /srv/alexandria/files"])
        #expect(failed.allSatisfy { $0["UNITS"] == "alexandria-api.service" && $0["SAFETY_BACKUP"]?.hasSuffix("-before-restore") == true })
        #expect(failed.allSatisfy { $0["MESSAGE"]?.contains("; alexandria-api.service left stopped; the state before it is in ") == true })
    }

    /// systemd's own words for a unit it does not know end the restore before the database; the
    /// unit stopped before it stays stopped.
    @Test func aUnitSystemdDoesNotKnowEndsTheRestoreBeforeTheDatabase() async throws {
        let boot = try await RestoreContainerBoot.shared()
        #expect(try exitCode(boot, "missing-unit") == "1")
        let report = try boot.restoreReport("missing-unit")
        let safety = try #require(report["safetyBackup"] as? String)
        let messages = try boot.file("restore-missing-unit.err")
        #expect(messages.contains(
            "restore failed at stop units: cannot stop alexandria-missing.service: system bus: StopUnit(alexandria-missing.service): "
            + "Unit alexandria-missing.service not loaded. (org.freedesktop.systemd1.NoSuchUnit); "
            + "alexandria-api.service left stopped (not started on a restore that did not complete); "
            + "the state before the restore is in \(safety)\n"), "\(messages)")
        #expect(report["stoppedUnits"] as? [String] == ["alexandria-api.service"] && report["startedUnits"] as? [String] == [])
        #expect(try boot.file("accounts-after-missing-unit.txt") == "20\n")
        #expect(try boot.state("api-after-missing-unit")["ActiveState"] == "inactive")
        #expect(try boot.apiEvents(during: "missing-unit").map(\.event) == ["stopped"])
    }

    /// The database was put back but the storage path could not be: the unit is not started on
    /// that half-restored state, and the message names the step and the safety backup.
    @Test func aRestoreFailingAfterTheDatabaseLeavesTheUnitStopped() async throws {
        let boot = try await RestoreContainerBoot.shared()
        #expect(try exitCode(boot, "read-only") == "1")
        let report = try boot.restoreReport("read-only")
        let safety = try #require(report["safetyBackup"] as? String)
        let messages = try boot.file("restore-read-only.err")
        #expect(messages.contains(
            "restore failed at restore /srv/alexandria/files: cannot create a folder in /srv/alexandria: Read-only file system; "
            + "alexandria-api.service left stopped (not started on a restore that did not complete); "
            + "the state before the restore is in \(safety)\n"), "\(messages)")
        #expect(report["success"] as? Bool == false && report["startedUnits"] as? [String] == [])
        #expect((report["steps"] as? [String])?.last == "restored database main")
        #expect(try boot.file("accounts-after-read-only.txt") == "50\n")
        #expect(try boot.state("api-after-read-only")["ActiveState"] == "inactive")
        #expect(try boot.apiEvents(during: "read-only").map { "\($0.event) \($0.accounts)" } == ["stopped 5"])
        #expect(try boot.apiEvents().last?.event == "stopped")
    }
}
