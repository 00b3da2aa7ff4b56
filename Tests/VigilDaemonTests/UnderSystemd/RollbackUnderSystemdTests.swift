import Foundation
import Testing
import VigilCore

/// A bad release rolled back by `vigil run`, started as a Type=notify unit under a real systemd as
/// PID 1 in a throwaway container, against the host's real PostgreSQL (`rollback-scenario`): the
/// link switched back, the database restored from the last known good's backup (the bad release's
/// row gone), the cache cleared, alexandria-api.service restarted and serving 1.0 again, verified.
@Suite(.serialized) struct RollbackUnderSystemdTests {
    /// The daemon unit's journal; when the scenario ended early, the end of its trace says why.
    private func journal(_ boot: ContainerRun) throws -> [[String: String]] {
        guard boot.files["rollback-journal.json"] != nil else {
            let trace = (boot.files["trace.log"] ?? "").split(separator: "\n").suffix(40).joined(separator: "\n")
            throw ContainerRun.Failure(description: "the rollback scenario ended early; the end of trace.log:\n\(trace)")
        }
        return try boot.journal("rollback-journal.json")
    }

    private func entries(_ boot: ContainerRun, _ kind: EventKind) throws -> [[String: String]] {
        try journal(boot).filter { $0["MESSAGE_ID"] == kind.messageID }
    }

    @Test func theBadReleaseIsRolledBackEndToEnd() async throws {
        let boot = try await RestoreContainerBoot.shared()
        let failed = try entries(boot, .rollbackFailed)
        let succeeded = try #require(try entries(boot, .rollbackSucceeded).first, "no rollback-succeeded; failed: \(failed)")
        #expect(succeeded["RELEASE"] == "1.1" && succeeded["RESTORED_VERSION"] == "1.0")
        #expect(succeeded["ROLLBACK_EXECUTED"] == "1" && succeeded["SUCCESS"] == "1")
        let milliseconds = try #require(succeeded["ROLLBACK_TIME_MS"].flatMap(Int.init), "\(succeeded)")
        #expect(milliseconds > 0)

        let steps = try entries(boot, .rollbackStep)
        #expect(steps.map { "\($0["STEP"] ?? "?") \($0["STEP_KIND"] ?? "?") \($0["SUCCESS"] ?? "?")" }
                == ["1 switch_symlink 1", "2 restore 1", "3 exec 1", "4 restart_unit 1"], "\(steps.map { $0["MESSAGE"] ?? "" })")
        #expect(try boot.file("rollback-link.txt") == "/srv/alexandria/releases/1.0\n")
        #expect(try boot.file("rollback-served-version.txt") == "1.0\n", "the unit was restarted in the old release")
        #expect(try boot.file("rollback-deploy-log.txt") == "1.0 deployed\n", "the bad release's row is gone with the restore")
        #expect(try boot.file("rollback-cache.txt") == "", "the cache step ran")
        #expect(try boot.state("rollback-api")["ActiveState"] == "active")
        let releases = try boot.file("rollback-releases.json")
        #expect(releases.contains("\"rolled back\""), "\(releases)")
    }

    /// The daemon under systemd: it said READY=1 (systemd-run returned) and the rollback's entries
    /// are the unit's, in order: started, four steps, succeeded.
    @Test func theJournalTellsTheRollbackInOrder() async throws {
        let boot = try await RestoreContainerBoot.shared()
        let kinds: [EventKind] = [.rollbackStarted, .rollbackStep, .rollbackSucceeded]
        let story = try journal(boot).compactMap { entry in
            kinds.first { $0.messageID == entry["MESSAGE_ID"] }?.rawValue
        }
        #expect(story == ["rollback-started"] + Array(repeating: "rollback-step", count: 4) + ["rollback-succeeded"], "\(story)")
        let started = try #require(try entries(boot, .rollbackStarted).first)
        #expect(started["CHECKS"] == "alexandria_api" && started["_SYSTEMD_UNIT"] == "vigil-rollback.service", "\(started)")
    }
}
