import Foundation
import Testing
import VigilCore

/// The shipped `systemd/vigil.service`, installed by `scripts/install`, under a real systemd as
/// PID 1 in a throwaway container: hardening must leave Vigil able to do its job.
@Suite(.serialized) struct UnitUnderSystemdTests {
    private static let firstVerdict = "HEALTHY · 4 checks · 0 warning · 0 critical"

    private func entries(_ kind: EventKind, in journal: [[String: String]]) -> [[String: String]] {
        journal.filter { $0["MESSAGE_ID"] == kind.messageID }
    }

    @Test func becomesActiveWithItsStatus() async throws {
        let boot = try await ContainerBoot.shared()
        let started = try boot.state("started")
        #expect(started["ActiveState"] == "active")
        #expect(started["SubState"] == "running")
        #expect(started["StatusText"] == Self.firstVerdict)
        #expect(started["NRestarts"] == "0")
        #expect(Int(started["MainPID"] ?? "") ?? 0 > 0)
    }

    /// status.json lands in RuntimeDirectory=, and the systemd_unit check reached the system bus
    /// from inside the sandbox.
    @Test func writesItsReportAndReadsUnitsOverTheBus() async throws {
        let boot = try await ContainerBoot.shared()
        let report = try #require(try JSONSerialization.jsonObject(with: Data(boot.file("status.json").utf8)) as? [String: Any])
        #expect(report["overall"] as? String == "HEALTHY")
        let checks = try #require(report["checks"] as? [[String: Any]])
        let journald = try #require(checks.first { $0["name"] as? String == "journald" })
        #expect(journald["status"] as? String == "HEALTHY")
        #expect(journald["message"] as? String == "systemd-journald.service is active")
    }

    @Test func runsAsTheUserSysusersCreated() async throws {
        let boot = try await ContainerBoot.shared()
        let identity = try boot.file("identity.txt")
        let vigilUID = try #require(identity.firstMatch(of: /vigil_uid=(\d+)/).flatMap { Int($0.1) })
        let mainUID = try #require(identity.firstMatch(of: /main_uid=(\d+)/).flatMap { Int($0.1) })
        #expect(vigilUID > 0)
        #expect(mainUID == vigilUID)
        let own = try boot.journal().filter { $0["_COMM"] == "vigil" }
        #expect(!own.isEmpty)
        #expect(own.allSatisfy { $0["_UID"] == String(vigilUID) && $0["_CAP_EFFECTIVE"] == "0" })
    }

    @Test func installKeptTheOperatorsConfig() async throws {
        let boot = try await ContainerBoot.shared()
        #expect(try boot.file("config-after-install.sha256") == boot.file("config-before-install.sha256"))
        #expect(try boot.file("install.txt").contains("kept the existing /etc/vigil/vigil.toml"))
    }

    @Test func entriesCarryTheUnitAndTheirMessageIDs() async throws {
        let journal = try await ContainerBoot.shared().journal()
        // _COMM and _SYSTEMD_UNIT are journald's own, from the sender's process and cgroup.
        let own = journal.filter { $0["_COMM"] == "vigil" }
        #expect(!own.isEmpty)
        #expect(own.allSatisfy { $0["_SYSTEMD_UNIT"] == "vigil.service" })
        #expect(!entries(.daemonStarted, in: own).isEmpty)
        let healthy = Set(entries(.checkHealthy, in: own).compactMap { $0["CHECK"] })
        #expect(healthy.isSuperset(of: ["memory", "root_disk", "journald", "dummy"]))
    }

    /// scripts/install ran `journalctl --update-catalog`: `journalctl -x` explains the entries.
    @Test func theCatalogExplainsTheEntries() async throws {
        let explained = try await ContainerBoot.shared().file("journal-explained.txt")
        #expect(explained.contains("Subject: Vigil started"))
        #expect(explained.contains("Vigil loaded its configuration, installed its signal handlers"))
        #expect(explained.contains("Subject: Check journald is HEALTHY"))
    }

    @Test func reloadAppliesAGoodConfig() async throws {
        let boot = try await ContainerBoot.shared()
        let started = try boot.state("started")
        let reloaded = try boot.state("reloaded")
        #expect(reloaded["ActiveState"] == "active")
        #expect(reloaded["MainPID"] == started["MainPID"])
        #expect(reloaded["StatusText"] == "WARNING · 5 checks · 1 warning · 0 critical")
        let journal = try boot.journal()
        let applied = try #require(entries(.configReloaded, in: journal).first)
        #expect(applied["MESSAGE"]?.contains("1 added") == true)
        let warning = try #require(entries(.checkWarning, in: journal).first { $0["CHECK"] == "added_on_reload" })
        #expect(warning["PRIORITY"] == "4")
    }

    @Test func reloadKeepsRunningOnABadConfig() async throws {
        let boot = try await ContainerBoot.shared()
        let rejected = try boot.state("rejected")
        #expect(rejected["ActiveState"] == "active")
        #expect(try rejected["MainPID"] == boot.state("started")["MainPID"])
        let status = try #require(rejected["StatusText"])
        #expect(status.hasPrefix("reload rejected: /etc/vigil/vigil.d/60-bad.toml"))
        #expect(status.hasSuffix("WARNING · 5 checks · 1 warning · 0 critical"))
        let entry = try #require(entries(.configRejected, in: boot.journal()).first)
        #expect(entry["PRIORITY"] == "3")
        #expect(entry["_SYSTEMD_UNIT"] == "vigil.service")
        #expect(entry["MESSAGE"]?.contains("every now and then") == true)
    }

    /// A decision loop that wedges stops its pings; systemd kills Vigil and starts it again.
    @Test func theWatchdogRestartsAWedgedLoop() async throws {
        let boot = try await ContainerBoot.shared()
        let wedging = try boot.state("wedging")
        let watchdog = try boot.state("watchdog")
        #expect(Int(watchdog["NRestarts"] ?? "") ?? 0 >= 1)
        #expect(watchdog["MainPID"] != wedging["MainPID"])
        let journal = try boot.journal()
        #expect(journal.contains { $0["MESSAGE"]?.hasPrefix("wedging the decision loop") == true })
        #expect(journal.contains { $0["UNIT"] == "vigil.service" && $0["MESSAGE"]?.contains("Watchdog timeout") == true })
        #expect(journal.contains { $0["UNIT"] == "vigil.service" && $0["UNIT_RESULT"] == "watchdog" })
    }

    @Test func stopsCleanlyOnSIGTERM() async throws {
        let boot = try await ContainerBoot.shared()
        let stopped = try boot.state("stopped")
        #expect(stopped["ActiveState"] == "inactive")
        #expect(stopped["Result"] == "success")
        #expect(stopped["ExecMainStatus"] == "0")
        let stopping = entries(.daemonStopping, in: try boot.journal())
        #expect(stopping.last?["MESSAGE"]?.contains("SIGTERM") == true)
    }

    /// Well inside the 150 s the script allows; a boot normally takes about 20 s.
    @Test func theBootCycleIsQuick() async throws {
        let boot = try await ContainerBoot.shared()
        #expect(boot.seconds < 120, "the container cycle took \(boot.seconds) s")
    }
}
