import Foundation
import Testing
import VigilTestSupport

/// Debian's own linter on the package: every tag it reports, down to pedantic and experimental
/// ones, is either fixed or overridden with its reason in packaging/debian/vigil.lintian-overrides.
@Suite(.enabled(if: BuiltPackage.shouldTest, "no vigil package: run scripts/package"))
struct LintianTests {
    @Test func lintianReportsNoTagButTheOverriddenOnes() throws {
        let deb = try BuiltPackage.require()
        // --fail-on none: the exit status says whether lintian ran; the tags below say whether it passed
        // (shown overrides would count as failures otherwise).
        let result = try ExternalTool.run("/usr/bin/lintian", ["--pedantic", "--info", "--display-experimental", "--show-overrides",
                                                               "--fail-on", "none", deb])
        #expect(result.status == 0, "lintian exited \(result.status): \(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        // E:, W:, I:, P:, X: and C: are tags; O: an overridden one. An override that no longer
        // matches is a tag of its own (unused-override), so it fails too.
        let tags = lines.filter { !$0.hasPrefix("O: ") && !$0.hasPrefix("N:") }
        #expect(tags.isEmpty, "lintian \(deb):\n\(tags.joined(separator: "\n"))")
        let overridden = lines.filter { $0.hasPrefix("O: ") }
        let overrides = try String(contentsOf: RepositoryPaths.file("packaging/debian/vigil.lintian-overrides"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(overridden.count == overrides.count, "overridden: \(overridden)")
    }
}
