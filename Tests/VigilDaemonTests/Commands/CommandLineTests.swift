import Foundation
import Testing
import VigilTestSupport

/// The command line itself: version, help naming every option, usage errors.
@Suite("vigil: command line")
struct CommandLineTests {
    @Test("--version prints the version and exits 0")
    func version() throws {
        let output = try VigilInvocation.run(["--version"])
        #expect(output.status == 0, "\(output)")
        #expect(output.standardOutput.wholeMatch(of: /\d+\.\d+\.\d+\n/) != nil, "\(output.standardOutput)")
    }

    @Test("--help of each command lists every option", arguments: [
        ([], ["run", "validate", "check", "--version", "--help"]),
        (["run"], ["--config", "--log-target", "--log-level", "--fields", "auto", "journal", "console", "--help"]),
        (["validate"], ["--config", "--help"]),
        (["check"], ["--config", "--format", "text", "json", "plugin", "<names>", "--help"]),
    ] as [([String], [String])])
    func help(command: [String], expected: [String]) throws {
        let output = try VigilInvocation.run(command + ["--help"])
        #expect(output.status == 0, "\(output)")
        for word in expected {
            #expect(output.standardOutput.contains(word), "\(word) missing from \(command) --help: \(output.standardOutput)")
        }
    }

    @Test("An unknown option or a bad value is a usage error, exit 64",
          arguments: [["run", "--no-such-option"], ["run", "--log-target", "syslog"], ["check", "--format", "xml"],
                      ["run", "--debug-wedge-loop-after", "soon"]])
    func usageError(arguments: [String]) throws {
        let output = try VigilInvocation.run(arguments)
        #expect(output.status == 64, "\(output)")
        #expect(!output.standardError.isEmpty)
    }
}
