import Foundation
import Testing
import VigilTestSupport

/// `systemd/vigil.service`, linted by systemd's own tools.
@Suite struct UnitFileTests {
    private let unitFile = RepositoryPaths.file("systemd/vigil.service")

    /// The unit copied into a fresh folder, its ExecStart pointing at a binary that exists
    /// (verify rejects a missing executable), plus `extra` lines appended.
    private func stagedUnit(appending extra: String = "") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-unit-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = try String(contentsOf: unitFile, encoding: .utf8)
            .replacingOccurrences(of: "ExecStart=/usr/local/bin/vigil ", with: "ExecStart=/bin/true ")
        let staged = folder.appendingPathComponent("vigil.service")
        try (text + extra).write(to: staged, atomically: true, encoding: .utf8)
        return staged
    }

    /// Every `Key=value` of the unit, in order (a key may repeat).
    private func settings() throws -> [(key: String, value: String)] {
        try String(contentsOf: unitFile, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    @Test func verifyPrintsNothing() throws {
        let staged = try stagedUnit()
        defer { try? FileManager.default.removeItem(at: staged.deletingLastPathComponent()) }
        let verify = try ExternalTool.run("/usr/bin/systemd-analyze", ["verify", staged.path])
        #expect(verify.status == 0)
        #expect(verify.standardError.isEmpty, "\(verify.standardError)")
        #expect(verify.standardOutput.isEmpty, "\(verify.standardOutput)")
    }

    /// The lint above can fail: verify exits 0 on an unknown key, but says so on stderr.
    @Test func verifyComplainsAboutAnUnknownKey() throws {
        let staged = try stagedUnit(appending: "WatchdogSecs=30s\n")
        defer { try? FileManager.default.removeItem(at: staged.deletingLastPathComponent()) }
        let verify = try ExternalTool.run("/usr/bin/systemd-analyze", ["verify", staged.path])
        #expect(verify.standardError.contains("WatchdogSecs"))
    }

    /// systemd 252 takes the threshold on its internal 0–100 scale: 30 is the 3.0 it prints.
    @Test func securityExposureIsAtMostThree() throws {
        let staged = try stagedUnit()
        defer { try? FileManager.default.removeItem(at: staged.deletingLastPathComponent()) }
        let security = try ExternalTool.run("/usr/bin/systemd-analyze",
                                            ["security", "--offline=true", "--threshold=30", "--no-pager", staged.path])
        #expect(security.status == 0, "\(security.standardOutput)")
        let score = security.standardOutput.firstMatch(of: #/Overall exposure level for vigil\.service: (\d+\.\d)/#)
            .flatMap { Double($0.1) }
        let exposure = try #require(score, "\(security.standardOutput)")
        #expect(exposure <= 3.0)
    }

    @Test(arguments: [
        ("Type", "notify"),
        ("NotifyAccess", "main"),
        ("ExecStart", "/usr/local/bin/vigil run --log-target journal"),
        ("ExecReload", "/bin/kill -HUP $MAINPID"),
        ("WatchdogSec", "30s"),
        ("Restart", "on-failure"),
        ("Environment", "SWIFT_BACKTRACE=enable=no"),
        ("User", "vigil"),
        ("Group", "vigil"),
        ("Wants", "dbus.socket"),
        ("SystemCallFilter", "@system-service"),
        ("StateDirectory", "vigil"),
        ("RuntimeDirectory", "vigil"),
        ("ConfigurationDirectory", "vigil"),
        ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6 AF_NETLINK"),
    ])
    func theDaemonsContractIsInTheUnit(key: String, value: String) throws {
        #expect(try settings().contains { $0.key == key && $0.value == value })
    }

    /// The unit's user, created by systemd-sysusers in an empty root exactly as the boot would.
    @Test func theSysusersFileCreatesTheUser() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-sysusers-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let sysusers = try ExternalTool.run("/usr/bin/systemd-sysusers",
                                            ["--root=\(root.path)", RepositoryPaths.file("systemd/vigil.sysusers").path])
        #expect(sysusers.status == 0, "\(sysusers.standardError)")
        let passwd = try String(contentsOf: root.appendingPathComponent("etc/passwd"), encoding: .utf8)
        let fields = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("vigil:") }).split(separator: ":")
        #expect(fields.count == 7)
        #expect(fields.dropFirst(5).first == "/var/lib/vigil")
        #expect(fields.last == "/usr/sbin/nologin")
        #expect(Int(fields[2]).map { $0 > 0 && $0 < 1000 } == true)
    }
}
