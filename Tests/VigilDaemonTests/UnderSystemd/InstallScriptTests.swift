import Foundation
import Testing
import VigilTestSupport

/// `scripts/install --destdir`: where each file lands, with which mode, and that the paths the
/// unit, the config and the binary name agree with each other.
@Suite struct InstallScriptTests {
    private let script = RepositoryPaths.file("scripts/install").path

    /// A fresh staging root, removed when `body` returns.
    private func withStagingRoot(_ body: (URL) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-install-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try body(root)
    }

    @discardableResult
    private func install(_ arguments: [String]) throws -> ExternalTool.Output {
        let result = try ExternalTool.run(script, arguments)
        #expect(result.status == 0, "\(result.standardError)")
        return result
    }

    private func mode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    /// `Key=value` of a unit file, first occurrence.
    private func setting(_ key: String, in unit: URL) throws -> String? {
        try String(contentsOf: unit, encoding: .utf8).split(separator: "\n")
            .first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    @Test func theUnitStartsTheBinaryWhereInstallPutsIt() throws {
        try withStagingRoot { root in
            try install(["--destdir", root.path, "--binary", RepositoryPaths.vigilExecutable.path])
            let unit = root.appendingPathComponent("usr/lib/systemd/system/vigil.service")
            let execStart = try #require(try setting("ExecStart", in: unit))
            let binary = try #require(execStart.split(separator: " ").first.map(String.init))
            #expect(binary == "/usr/local/bin/vigil")
            #expect(try setting("ExecStart", in: RepositoryPaths.file("systemd/vigil.service")) == execStart)
            let installed = root.appendingPathComponent(String(binary.dropFirst()))
            #expect(FileManager.default.isExecutableFile(atPath: installed.path))
            let version = try ExternalTool.run(installed.path, ["--version"])
            #expect(version.status == 0)
            // The helper of contract checks, where the installed vigil looks for it.
            #expect(FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("usr/local/libexec/vigil/vigil-openapi").path))
        }
    }

    /// The binary's default config, the unit's ConfigurationDirectory= and the installed config.
    @Test func theConfigIsWhereTheBinaryAndTheUnitLook() throws {
        try withStagingRoot { root in
            try install(["--destdir", root.path, "--binary", "/bin/true"])
            let unit = root.appendingPathComponent("usr/lib/systemd/system/vigil.service")
            #expect(try setting("ConfigurationDirectory", in: unit) == "vigil")
            let config = root.appendingPathComponent("etc/vigil/vigil.toml")
            #expect(try Data(contentsOf: config) == Data(contentsOf: RepositoryPaths.file("config/vigil.toml")))
            #expect(try mode(config) == 0o644)
            #expect(try mode(root.appendingPathComponent("etc/vigil/vigil.d")) == 0o755)
            let help = try ExternalTool.run(RepositoryPaths.vigilExecutable.path, ["run", "--help"])
            let words = help.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("Default: /etc/vigil/vigil.toml, then /etc/vigil/vigil.d/*.toml"))
        }
    }

    /// StateDirectory=vigil is the sysusers home; the catalog's Support= (the journal reference) and
    /// the unit's Documentation= point into the installed documentation.
    @Test func theUserCatalogAndDocumentationAgree() throws {
        try withStagingRoot { root in
            try install(["--destdir", root.path, "--binary", "/bin/true"])
            let unit = root.appendingPathComponent("usr/lib/systemd/system/vigil.service")
            #expect(try setting("StateDirectory", in: unit) == "vigil")
            let sysusers = try String(contentsOf: root.appendingPathComponent("usr/lib/sysusers.d/vigil.conf"), encoding: .utf8)
            #expect(sysusers.contains("u vigil - \"Vigil health monitor\" /var/lib/vigil"))
            let catalog = try String(contentsOf: root.appendingPathComponent("usr/lib/systemd/catalog/vigil.catalog"), encoding: .utf8)
            let documentation = try #require(try setting("Documentation", in: unit))
            #expect(documentation == "file:///usr/share/doc/vigil/README.md")
            #expect(catalog.contains("Support: file:///usr/share/doc/vigil/docs/journal.md"))
            let docs = root.appendingPathComponent("usr/share/doc/vigil")
            #expect(FileManager.default.fileExists(atPath: docs.appendingPathComponent("README.md").path))
            #expect(FileManager.default.fileExists(atPath: docs.appendingPathComponent("docs/journal.md").path))
        }
    }

    @Test func filesHaveTheirModes() throws {
        try withStagingRoot { root in
            try install(["--destdir", root.path, "--binary", "/bin/true"])
            #expect(try mode(root.appendingPathComponent("usr/local/bin/vigil")) == 0o755)
            for file in ["usr/lib/systemd/system/vigil.service", "usr/lib/systemd/catalog/vigil.catalog",
                         "usr/lib/sysusers.d/vigil.conf", "etc/polkit-1/rules.d/50-vigil.rules"] {
                #expect(try mode(root.appendingPathComponent(file)) == 0o644, "\(file)")
            }
            // polkitd's own directory stays private, as the polkitd package makes it.
            #expect(try mode(root.appendingPathComponent("etc/polkit-1/rules.d")) == 0o700)
        }
    }

    @Test func anExistingConfigIsNeverOverwritten() throws {
        try withStagingRoot { root in
            let config = root.appendingPathComponent("etc/vigil/vigil.toml")
            try FileManager.default.createDirectory(at: config.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "# the operator's own\n".write(to: config, atomically: true, encoding: .utf8)
            let output = try install(["--destdir", root.path, "--binary", "/bin/true"])
            #expect(try String(contentsOf: config, encoding: .utf8) == "# the operator's own\n")
            #expect(output.standardOutput.contains("kept the existing"))
        }
    }

    /// The operator's list of restartable units survives a reinstall.
    @Test func anExistingPolkitRuleIsKept() throws {
        try withStagingRoot { root in
            let rule = root.appendingPathComponent("etc/polkit-1/rules.d/50-vigil.rules")
            try FileManager.default.createDirectory(at: rule.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "// the operator's own\n".write(to: rule, atomically: true, encoding: .utf8)
            let output = try install(["--destdir", root.path, "--binary", "/bin/true"])
            #expect(try String(contentsOf: rule, encoding: .utf8) == "// the operator's own\n")
            #expect(output.standardOutput.contains("kept the existing \(rule.path)"))
        }
    }

    /// Installed as shipped, the rule lets Vigil restart nothing until the operator lists a unit.
    @Test func theShippedPolkitRuleListsNoUnit() throws {
        try withStagingRoot { root in
            let output = try install(["--destdir", root.path, "--binary", "/bin/true"])
            #expect(output.standardOutput.contains("no unit may be restarted yet"))
            let rule = try String(contentsOf: root.appendingPathComponent("etc/polkit-1/rules.d/50-vigil.rules"), encoding: .utf8)
            for list in [try #require(rule.firstMatch(of: /var restartable = \[([^\]]*)\];/)).1,
                         try #require(rule.firstMatch(of: /var startable = \[([^\]]*)\];/)).1] {
                let listed = list.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty && !$0.hasPrefix("//") }
                #expect(listed.isEmpty, "\(listed)")
            }
            #expect(rule.contains("subject.user === \"vigil\""))
            #expect(rule.contains("(verb === \"restart\" && restartable.indexOf(unit) >= 0)"))
            #expect(rule.contains("(verb === \"start\" && startable.indexOf(unit) >= 0)"))
        }
    }

    /// With another prefix the unit's ExecStart follows the binary.
    @Test func aPrefixMovesTheBinaryAndExecStart() throws {
        try withStagingRoot { root in
            try install(["--destdir", root.path, "--prefix", "/opt/vigil", "--binary", "/bin/true"])
            #expect(FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("opt/vigil/bin/vigil").path))
            let unit = root.appendingPathComponent("usr/lib/systemd/system/vigil.service")
            #expect(try setting("ExecStart", in: unit) == "/opt/vigil/bin/vigil run --log-target journal")
        }
    }

    /// A staging root gets no next steps: nothing there is live yet.
    @Test func stagingPrintsNoNextSteps() throws {
        try withStagingRoot { root in
            let output = try install(["--destdir", root.path, "--binary", "/bin/true"])
            #expect(!output.standardOutput.contains("systemctl enable"))
            #expect(output.standardOutput.contains("Staged under \(root.path)"))
        }
    }

    @Test func uninstallKeepsTheConfig() throws {
        try withStagingRoot { root in
            try install(["--destdir", root.path, "--binary", "/bin/true"])
            try install(["--destdir", root.path, "--uninstall"])
            for file in ["usr/local/bin/vigil", "usr/lib/systemd/system/vigil.service",
                         "usr/lib/systemd/catalog/vigil.catalog", "usr/lib/sysusers.d/vigil.conf", "usr/share/doc/vigil",
                         "etc/polkit-1/rules.d/50-vigil.rules"] {
                #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file)")
            }
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("etc/vigil/vigil.toml").path))
        }
    }

    @Test func anUnknownArgumentIsRefused() throws {
        let result = try ExternalTool.run(script, ["--frobnicate"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("Usage: scripts/install"))
    }
}
