import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// The `auth` check in the real daemon and in the commands, its endpoint's bypass bug switched on:
/// the bypass is CRITICAL and journaled with its reason, and the credentials appear in no output,
/// no journal field, no status document, no command's answer (every one of them searched).
@Suite("auth checks keep their secrets", .serialized)
struct AuthSecrecyTests {
    @Test("a bypass switched on: CRITICAL in the journal, status.json, vigil check and vigil security; the token nowhere")
    func bypassWithoutLeaks() async throws {
        try JournalReader.requirePrivateJournald()
        let endpoint = try AuthEndpoint()
        let name = TestConfig.uniqueName("api_auth")
        let body = """
            [[check]]
            name = "\(name)"
            kind = "auth"
            url = "\(endpoint.url)"
            credential_file = "\(endpoint.folder)/token"
            expired_credential_file = "\(endpoint.folder)/expired"
            interval = "1s"
            timeout = "900ms"
            fail_after = 1
            severity = "P0"

            """
        let daemon = try DaemonProcess(body: body, logTarget: "journal")
        defer { _ = daemon.terminate() }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        #expect(daemon.waitForResult(of: name, .healthy) != nil, "\(daemon.output)")

        endpoint.bypass(true)
        let critical = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.checkCritical.messageID)", "CHECK=\(name)"],
                                                              timeout: .seconds(20)).first)
        #expect(critical["MESSAGE"]?.contains("authentication bypass: GET \(endpoint.url) answered 200 without credentials") == true, "\(critical)")
        #expect(await waitUntil(timeout: .seconds(10)) { daemon.document?.incidents.isEmpty == false }, "a P0 incident opens")
        let check = try VigilInvocation.run(["check", name, "--format", "json", "--config", daemon.configPath])
        let security = try VigilInvocation.run(["security", "--format", "json", "--config", daemon.configPath])
        #expect(security.status == 2 && security.standardOutput.contains("authentication bypass"), "\(security.standardOutput)")
        endpoint.bypass(false)
        #expect(daemon.terminate() == 0)

        let journal = try JournalReader.text(matching: ["_PID=\(daemon.process.pid)"], options: ["-o", "json"])
        let status = (try? String(contentsOfFile: daemon.directory.file("run/status.json"), encoding: .utf8)) ?? ""
        let state = try FileManager.default.subpathsOfDirectory(atPath: daemon.directory.file("state")).compactMap {
            try? String(contentsOfFile: daemon.directory.file("state/\($0)"), encoding: .utf8)
        }.joined()
        #expect(journal.contains("authentication bypass") && !status.isEmpty && !state.isEmpty)
        for (what, text) in [("the journal", journal), ("status.json", status), ("the state folder", state), ("the daemon's output", daemon.output),
                             ("vigil check", check.standardOutput + check.standardError),
                             ("vigil security", security.standardOutput + security.standardError)] {
            for secret in [AuthEndpoint.token, AuthEndpoint.expired, "Bearer "] {
                #expect(!text.contains(secret), "\(what) holds \(secret)")
            }
        }
    }
}
