import Foundation
import Testing
import VigilTestSupport

/// The vigil package under a real systemd as PID 1, in a throwaway container: `apt-get install
/// ./vigil_….deb` starts a working service, an upgrade keeps the operator's edits and restarts it,
/// remove stops it, and purge leaves nothing behind but what the operator wrote.
@Suite(.serialized, .enabled(if: BuiltPackage.shouldTest, "no vigil package: run scripts/package"))
struct PackageTests {
    @Test func installCreatesTheUserAndStartsTheService() async throws {
        let boot = try await PackageContainerBoot.shared()
        let installed = try boot.state("installed")
        #expect(installed["ActiveState"] == "active")
        #expect(installed["SubState"] == "running")
        #expect(installed["UnitFileState"] == "enabled")
        #expect(installed["FragmentPath"] == "/lib/systemd/system/vigil.service")
        // READY=1 came and Vigil keeps its STATUS= line: the checks of the shipped config ran.
        let status = try #require(installed["StatusText"])
        #expect(status.contains(" checks · "), "\(status)")
        print("installed from the package: vigil.service \(installed["ActiveState"] ?? "?"), STATUS=\(status); "
            + "container: \((try? boot.file("container-milliseconds"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?") ms")
        let identity = try boot.file("identity.txt")
        let vigilUID = try #require(identity.firstMatch(of: /vigil_uid=(\d+)/)).1
        #expect(identity.contains("main_uid=\(vigilUID)\n"))
        #expect(identity.contains("main_exe=/usr/bin/vigil\n"))
        #expect(try boot.file("version-installed.txt").trimmingCharacters(in: .whitespacesAndNewlines) == BuiltPackage.field("Version"))
    }

    /// The shipped config's `[metrics]`: the hardened unit serves Prometheus on 127.0.0.1:9464.
    @Test func theInstalledServiceServesMetricsOnLoopback() async throws {
        let metrics = try await PackageContainerBoot.shared().file("metrics-installed.txt")
        #expect(metrics.contains("vigil_build_info{version=\"\(try BuiltPackage.field("Version"))\"} 1"), "\(metrics.prefix(2000))")
        // The shipped checks whose first run is over by then (their timers are spread over their intervals).
        #expect(metrics.contains("vigil_check_status{check=\""), "\(metrics.prefix(2000))")
        #expect(metrics.contains("\nprocess_open_fds "))
    }

    /// The packaged vigil finds vigil-openapi in /usr/libexec/vigil and reads OpenAPI documents with it.
    @Test func theContractHelperIsWhereVigilLooks() async throws {
        let boot = try await PackageContainerBoot.shared()
        #expect(try boot.file("package-files.txt").contains("/usr/libexec/vigil/vigil-openapi\n"))
        #expect(try boot.file("contract-diff.txt") == """
            /tmp/contracts/old.yaml -> /tmp/contracts/new.yaml: 1 breaking change, 0 compatible

            Breaking:
              /health: path removed, with GET
            exit 2

            """)
    }

    @Test func manFindsThePagesByName() async throws {
        let paths = try await PackageContainerBoot.shared().file("man-paths.txt").split(separator: "\n")
        #expect(paths == ["/usr/share/man/man1/vigil.1.gz", "/usr/share/man/man1/vigil-restore.1.gz",
                          "/usr/share/man/man5/vigil.toml.5.gz"])
    }

    /// systemd's file trigger on /usr/lib/systemd/catalog ran journalctl --update-catalog: the
    /// database `journalctl --list-catalog` reads has Vigil's entries.
    @Test func installUpdatesTheJournalCatalog() async throws {
        let catalog = try await PackageContainerBoot.shared().file("catalog.txt")
        #expect(catalog.contains("90ec9d9535574aae96f1e1d77a3213f8 vigil: Check @CHECK@ is CRITICAL (severity @SEVERITY@)"), "\(catalog)")
    }

    @Test func theConfigurationAndThePolkitRuleAreConffiles() async throws {
        let boot = try await PackageContainerBoot.shared()
        let conffiles = try boot.file("conffiles.txt")
        #expect(conffiles.contains(" /etc/vigil/vigil.toml "))
        #expect(conffiles.contains(" /etc/polkit-1/rules.d/50-vigil.rules "))
        // polkitd's rules folder stays its own (0700 polkitd), as its package made it.
        #expect(try boot.file("polkit-folder-installed.txt") == boot.file("polkit-folder-before.txt"))
    }

    @Test func anUpgradeKeepsTheOperatorsEditsAndRestartsTheService() async throws {
        let boot = try await PackageContainerBoot.shared()
        let version = try BuiltPackage.field("Version")
        #expect(try boot.file("version-upgraded.txt").trimmingCharacters(in: .whitespacesAndNewlines)
            == PackageContainerBoot.newerVersion(than: version))
        #expect(try boot.file("config-upgraded.toml") == boot.file("config-edited.toml"))
        #expect(try boot.file("config-upgraded.toml").contains("# The operator was here: kept across upgrades."))
        #expect(try boot.file("polkit-upgraded.js") == boot.file("polkit-edited.js"))
        #expect(try boot.file("polkit-upgraded.js").contains("\n        \"alexandria-api.service\",\n"))
        #expect(try boot.file("conffile-leftovers.txt").isEmpty)
        let installed = try boot.state("installed")
        let upgraded = try boot.state("upgraded")
        #expect(upgraded["ActiveState"] == "active")
        #expect(upgraded["UnitFileState"] == "enabled")
        #expect(!(upgraded["StatusText"] ?? "").isEmpty)
        #expect(upgraded["InvocationID"] != installed["InvocationID"], "the upgrade did not restart vigil.service")
    }

    @Test func removeStopsTheServiceAndKeepsTheConfiguration() async throws {
        let boot = try await PackageContainerBoot.shared()
        let removed = try boot.state("removed")
        #expect(removed["ActiveState"] == "inactive")
        #expect(removed["LoadState"] == "not-found")
        let etc = try boot.file("etc-after-remove.txt").split(separator: "\n")
        #expect(etc.contains("vigil.toml"))
        #expect(etc.contains("vigil.d"))
    }

    /// Compared with the machine before the install, purge leaves the operator's own file (and its
    /// folders), nothing else of Vigil's: no file the package shipped, and nothing its scripts or
    /// the service made (the unit's links, deb-systemd-helper's state, /var/lib/vigil). Only paths
    /// of Vigil's count: the container's / is the live host's below, where others may be at work.
    @Test func purgeLeavesOnlyWhatTheOperatorWrote() async throws {
        let boot = try await PackageContainerBoot.shared()
        let before = Set(try boot.file("files-before.txt").split(separator: "\n").map(String.init))
        let after = Set(try boot.file("files-after-purge.txt").split(separator: "\n").map(String.init))
        let shipped = Set(try boot.file("package-files.txt").split(separator: "\n").map(String.init))
        let operators: Set = ["/etc/vigil", "/etc/vigil/vigil.d", "/etc/vigil/vigil.d/90-local.toml"]
        #expect(shipped.contains("/usr/bin/vigil"))
        let left = after.subtracting(before).subtracting(operators).filter { path in
            shipped.contains(path) || path.lowercased().contains("vigil")
        }
        #expect(left.isEmpty, "left behind by purge: \(left.sorted())")
        #expect(after.isSuperset(of: operators))
        // The service had written its state; purge removed it.
        #expect(try boot.file("state-installed.txt").contains("/var/lib/vigil\n"))
        #expect(!after.contains("/var/lib/vigil"))
        let purged = try boot.state("purged")
        #expect(purged["LoadState"] == "not-found")
    }
}
