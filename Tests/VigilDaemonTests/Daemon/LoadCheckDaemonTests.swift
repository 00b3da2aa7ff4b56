import Foundation
import Testing
import VigilCore
import VigilTestSupport

/// A `load` check in the real daemon against a real service that starts failing 10% of its
/// requests: HEALTHY with its figures, then CRITICAL in the journal with the threshold it crossed.
@Suite("load checks in the daemon", .serialized)
struct LoadCheckDaemonTests {
    @Test("HEALTHY with its metrics; 10% failing: CRITICAL journaled naming error_percent")
    func failingService() throws {
        try JournalReader.requirePrivateJournald()
        let service = try LoadService()
        let name = TestConfig.uniqueName("api_load")
        let body = """
            [[check]]
            name = "\(name)"
            kind = "load"
            url = "\(service.url())"
            concurrency = 2
            rate = 20
            requests = 10
            interval = "2s"
            timeout = "1500ms"
            fail_after = 1

            """
        let daemon = try DaemonProcess(body: body, logTarget: "journal")
        defer { _ = daemon.terminate() }
        _ = try #require(daemon.waitForReady(), "no READY=1: \(daemon.output)")
        let healthy = try #require(daemon.waitForResult(of: name, .healthy), "\(daemon.output)")
        #expect(healthy.metrics["requests"] == 10 && healthy.metrics["error_percent"] == 0, "\(healthy.metrics)")
        #expect(healthy.message.hasPrefix("10 requests in "), "\(healthy.message)")

        try service.fail(percent: 10)
        let critical = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.checkCritical.messageID)", "CHECK=\(name)"],
                                                              timeout: .seconds(20)).first)
        #expect(critical["MESSAGE"]?.contains("error_percent 10 > critical 5") == true, "\(critical)")
        #expect(critical["CHECK_KIND"] == "load", "\(critical)")
        #expect(daemon.terminate() == 0)
    }
}
