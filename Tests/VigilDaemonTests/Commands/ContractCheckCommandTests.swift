import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// A contract check run by the real `vigil`, which finds its vigil-openapi helper beside itself:
/// the petstore API conforming (exit 0), then breaking its contract (exit 2, each violation in the
/// JSON result's issues), and a live document drifting from its baseline.
@Suite("vigil check: kind = \"contract\"", .serialized)
struct ContractCheckCommandTests {
    @Test("answers validated against the document; the live document held to its baseline")
    func contractCheck() throws {
        let api = try PetstoreAPI()
        let scratch = try ScratchDirectory()
        let body = """
            [[check]]
            name = "petstore_contract"
            kind = "contract"
            spec = "\(PetstoreAPI.contract("petstore.yaml"))"
            spec_url = "\(api.documentURL)"
            baseline = "\(PetstoreAPI.contract("petstore.yaml"))"
            base_url = "\(api.baseURL)"
            operations = ["findPets", "GET /pets/{id}"]
            parameters = { limit = 4 }
            """
        let healthy = try VigilInvocation.run(["check"], body: body, in: scratch)
        #expect(healthy.status == 0, "\(healthy.standardOutput)\(healthy.standardError)")
        #expect(healthy.standardOutput.contains("2 operations conform to the document; the live document keeps the baseline's contract"))

        api.breakContract(true)
        try api.serveDocument(PetstoreAPI.contract("petstore-v2-breaking.yaml"))
        let broken = try VigilInvocation.run(["check", "--format", "json"], body: body, in: scratch)
        #expect(broken.status == 2, "\(broken.standardOutput)\(broken.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(broken.standardOutput.utf8)) as? [String: Any])
        let check = try #require((report["checks"] as? [[String: Any]])?.first)
        let issues = try #require(check["issues"] as? [String])
        #expect(issues.count == 14, "\(issues)")
        #expect(issues.contains("findPets: $.items[3].createdAt: expected string (date-time), got null"))
        #expect(issues.contains("breaking change from the baseline: DELETE /pets/{id}: operation removed"))
        #expect((check["message"] as? String)?.hasPrefix("4 violations and 10 breaking changes from the baseline: findPets: $.items[3].status") == true)
    }

    @Test("the daemon journals a broken contract with the operation and the JSON path, and it recovers")
    func daemonJournalsTheViolation() async throws {
        try JournalReader.requirePrivateJournald()
        let api = try PetstoreAPI()
        let name = TestConfig.uniqueName("petstore_contract")
        let body = """
            [[check]]
            name = "\(name)"
            kind = "contract"
            spec = "\(PetstoreAPI.contract("petstore.json"))"
            base_url = "\(api.baseURL)"
            operations = ["findPets"]
            interval = "2s"
            timeout = "1500ms"
            fail_after = 1

            """
        let daemon = try DaemonProcess(body: body, logTarget: "journal")
        defer { _ = daemon.terminate() }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        #expect(daemon.waitForResult(of: name, .healthy) != nil, "\(daemon.output)")

        api.breakContract(true)
        let critical = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.checkCritical.messageID)", "CHECK=\(name)"],
                                                              timeout: .seconds(20)).first)
        #expect(critical["CHECK_KIND"] == "contract")
        #expect(critical["MESSAGE"]?.contains("findPets: $.items[3].createdAt: expected string (date-time), got null") == true, "\(critical)")
        api.breakContract(false)
        #expect(daemon.waitForResult(of: name, .healthy) != nil, "\(daemon.output)")
        #expect(daemon.terminate() == 0)
    }
}
