import Foundation
import Testing
import VigilTestSupport

/// The package's shell completions: what the command definitions of this build generate, in the
/// folders bash-completion, zsh and fish load them from, covering every command.
@Suite(.enabled(if: BuiltPackage.shouldTest, "no vigil package: run scripts/package"))
struct CompletionTests {
    private static let shells = [
        (shell: "bash", path: "usr/share/bash-completion/completions/vigil"),
        (shell: "zsh", path: "usr/share/zsh/vendor-completions/_vigil"),
        (shell: "fish", path: "usr/share/fish/vendor_completions.d/vigil.fish"),
    ]

    private func shipped(_ path: String) throws -> String {
        try String(contentsOf: BuiltPackage.unpacked().appendingPathComponent(path), encoding: .utf8)
    }

    @Test(arguments: shells)
    func theScriptIsWhatTheCommandsGenerate(shell: String, path: String) throws {
        let generated = try ExternalTool.run(RepositoryPaths.vigilExecutable.path, ["--generate-completion-script", shell])
        #expect(generated.status == 0)
        // Less the #! line of the bash script: bash-completion sources it.
        var expected = generated.standardOutput
        if shell == "bash", expected.hasPrefix("#!"), let newline = expected.firstIndex(of: "\n") {
            expected = String(expected[expected.index(after: newline)...])
        }
        #expect(try shipped(path) == expected, "\(path) is not what this build's vigil generates")
    }

    @Test func bashCompletesEverySubcommand() throws {
        let script = try shipped(Self.shells[0].path)
        for command in try CommandTree.load().all.dropFirst() {
            #expect(script.contains(command.path.last!), "the bash completion never mentions \(command.path.joined(separator: " "))")
        }
    }

    /// bash itself loads the script and completes `vigil re` to the commands starting with "re".
    @Test func bashCompletesAPrefix() throws {
        let script = try BuiltPackage.unpacked().appendingPathComponent(Self.shells[0].path).path
        let result = try ExternalTool.run("/bin/bash", ["--norc", "--noprofile", "-c", """
            source "$1"
            COMP_WORDS=(vigil re); COMP_CWORD=1; COMP_LINE="vigil re"; COMP_POINT=${#COMP_LINE}
            _vigil vigil re vigil
            printf '%s\\n' "${COMPREPLY[@]}"
            """, "bash", script])
        #expect(result.status == 0, "\(result.standardError)")
        let offered = Set(result.standardOutput.split(separator: "\n").map(String.init))
        let expected = Set(try CommandTree.load().subcommands.map { $0.path.last! }.filter { $0.hasPrefix("re") })
        #expect(!expected.isEmpty)
        #expect(offered == expected)
    }
}
