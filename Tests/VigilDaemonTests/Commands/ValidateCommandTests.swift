import Foundation
import Testing
import VigilTestSupport

/// `vigil validate`: the config checked, nothing run.
@Suite("vigil validate")
struct ValidateCommandTests {
    @Test("A good config: exit 0 and one summary line")
    func goodConfig() throws {
        let directory = try ScratchDirectory()
        let body = TestConfig.memory("memory") + TestConfig.disk("disk") + TestConfig.dummy("dummy", code: 0)
        let output = try VigilInvocation.run(["validate"], body: body, in: directory)
        #expect(output.status == 0, "\(output)")
        #expect(output.standardOutput.hasPrefix("configuration OK: "), "\(output.standardOutput)")
        #expect(output.standardOutput.filter { $0 == "\n" }.count == 1, "\(output.standardOutput)")
        #expect(output.standardOutput.contains(directory.file("vigil.toml")))
        #expect(output.standardError.isEmpty, "\(output.standardError)")
    }

    @Test("A config with several errors: exit 65 and every error on stderr, each naming file, check and key")
    func everyError() throws {
        let directory = try ScratchDirectory()
        let body = TestConfig.check("first", kind: "memory", interval: "1s", timeout: "1s")
            + TestConfig.check("second", kind: "disk", interval: "1s", timeout: "500ms", extra: ["path = \"/\"", "timout = \"1s\""])
            + TestConfig.postgres("third", database: "nowhere")
            + TestConfig.check("fourth", kind: "memory", interval: "soon", timeout: "500ms")
        let output = try VigilInvocation.run(["validate"], body: body, in: directory)
        #expect(output.status == 65, "\(output)")
        #expect(output.standardOutput.isEmpty)
        let lines = output.standardError.split(separator: "\n").map(String.init)
        let file = directory.file("vigil.toml")
        for (check, key) in [("first", "timeout"), ("second", "timout"), ("third", "database"), ("fourth", "interval")] {
            #expect(lines.contains { $0.hasPrefix(file) && $0.contains("check \"\(check)\"") && $0.contains("\(key):") },
                    "no error for \(check).\(key): \(output.standardError)")
        }
        #expect(lines.last == "configuration invalid: 4 errors", "\(output.standardError)")
    }

    @Test("A syntax error gives file:line:column")
    func syntaxError() throws {
        let directory = try ScratchDirectory()
        let output = try VigilInvocation.run(["validate"], body: "[daemon]\nstop_timeout = \n", in: directory)
        #expect(output.status == 65, "\(output)")
        #expect(output.standardError.hasPrefix(directory.file("vigil.toml") + ":2:"), "\(output.standardError)")
    }

    @Test("A group- or world-writable config is refused", arguments: [0o664, 0o646] as [mode_t])
    func writableConfig(mode: mode_t) throws {
        let directory = try ScratchDirectory()
        let output = try VigilInvocation.run(["validate"], body: TestConfig.memory("memory"), in: directory, mode: mode)
        #expect(output.status == 65, "\(output)")
        #expect(output.standardError.contains(directory.file("vigil.toml")), "\(output.standardError)")
        #expect(output.standardError.contains("writable"), "\(output.standardError)")
    }
}
