import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// `vigil security` on real files: every violation listed (more than the check's message names),
/// the seed's SecurityReport in JSON, exit 2 until the files are put right, then 0.
@Suite("vigil security", .serialized)
struct SecurityCommandTests {
    @Test("a review with four violations: FAILED with each, exit 2; put right, PASSED, exit 0")
    func reportsEveryIssue() throws {
        let scratch = try ScratchDirectory()
        let folder = scratch.file("app")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, mode) in [("a.toml", mode_t(0o666)), ("b.toml", 0o664), ("c.toml", 0o646), ("d.toml", 0o660)] {
            try "x\n".write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
            #expect(chmod(folder + "/" + name, mode) == 0)
        }
        let body = """
            [[check]]
            name = "config_review"
            kind = "file_permissions"
            paths = ["\(folder)/*.toml"]
            max_mode = "0644"
            severity = "P0"

            \(TestConfig.memory(TestConfig.uniqueName("mem")))
            """
        let failed = try VigilInvocation.run(["security"], body: body, in: scratch)
        #expect(failed.status == 2, "\(failed.standardOutput)\(failed.standardError)")
        #expect(failed.standardOutput.hasPrefix("FAILED: 4 critical issues in 1 security check\n\nconfig_review (file_permissions): CRITICAL\n"),
                "\(failed.standardOutput)")
        for name in ["a", "b", "c", "d"] {
            #expect(failed.standardOutput.contains("  CRITICAL: \(folder)/\(name).toml is mode 06"), "\(name): \(failed.standardOutput)")
        }
        let json = try VigilInvocation.run(["security", "--format", "json"], body: body, in: scratch)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(report["passed"] as? Bool == false && report["timestamp"] is String)
        let issues = try #require(report["criticalIssues"] as? [[String: Any]])
        #expect(issues.count == 4 && issues.first?["check"] as? String == "config_review" && issues.first?["severity"] as? String == "CRITICAL")
        #expect(issues.first?["description"] as? String == "\(folder)/a.toml is mode 0666, should be 0644 or tighter")
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.count == 1, "only the security checks run: \(checks)")

        for name in ["a", "b", "c", "d"] { #expect(chmod(folder + "/\(name).toml", 0o640) == 0) }
        let passed = try VigilInvocation.run(["security"], body: body, in: scratch)
        #expect(passed.status == 0 && passed.standardOutput.hasPrefix("PASSED: 1 security check, no critical issue\n"), "\(passed.standardOutput)")
    }

    @Test("a configuration without a security check is an error that says which kinds are")
    func noSecurityCheck() throws {
        let scratch = try ScratchDirectory()
        let none = try VigilInvocation.run(["security"], body: TestConfig.memory("mem"), in: scratch)
        #expect(none.status == 65)
        #expect(none.standardError.contains("the configuration has no enabled check of a security kind (tls, auth, file_permissions)"), "\(none.standardError)")
    }
}
