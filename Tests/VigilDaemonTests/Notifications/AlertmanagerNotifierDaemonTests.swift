import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// A real daemon's incident as an alert in Debian's real Alertmanager, resolved there when Vigil
/// resolves it.
@Suite("vigil run: alertmanager notifier", .serialized)
struct AlertmanagerNotifierDaemonTests {
    /// The active alerts of incident `id`, once `condition` holds (or the last read after 30 s).
    static func alerts(of id: String, in alertmanager: AlertmanagerInstance,
                       where condition: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let alerts = try await alertmanager.activeAlerts(["incident_id=\(id)"])
            if condition(alerts) || ContinuousClock.now >= deadline { return alerts }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test("an auto action opens the alert; the check healthy again resolves it in Alertmanager")
    func alertOpenedThenResolved() async throws {
        try JournalReader.requirePrivateJournald()
        let alertmanager = try await runOnOwnThread { try AlertmanagerInstance() }
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("alerted")
        let target = directory.file("fresh")
        let body = NotificationScenario.fileCheck(check, path: target)
            + NotificationScenario.escalation("P1", respondWithin: "1h", path: [], autoActions: ["alert-team"])
            + "[notifier.alert-team]\nkind = \"alertmanager\"\nurl = \(TestConfig.quoted(alertmanager.url))\n"
            + "retry = { attempts = 20, backoff = \"100ms\", backoff_max = \"1s\" }\n"
        let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let id = try #require(NotificationScenario.incidentID(of: check, openedBy: daemon), "no incident; output: \(daemon.output)")

        let firing = try await Self.alerts(of: id, in: alertmanager) { !$0.isEmpty }
        #expect(firing.count == 1, "one alert per check: \(firing)")
        let labels = try #require(firing.first?["labels"] as? [String: String])
        #expect(labels["alertname"] == "VigilIncident")
        #expect(labels["incident_id"] == id)
        #expect(labels["check"] == check)
        #expect(labels["severity"] == "P1")
        let annotations = try #require(firing.first?["annotations"] as? [String: String])
        #expect(annotations["summary"] == "[INCIDENT] P1 - \(check) is CRITICAL")

        #expect(FileManager.default.createFile(atPath: target, contents: Data("fresh\n".utf8)))
        _ = try NotificationScenario.journaled(.incidentResolved, incident: id, by: daemon)
        let resolved = try await Self.alerts(of: id, in: alertmanager) { $0.isEmpty }
        #expect(resolved.isEmpty, "the alert is resolved in Alertmanager: \(resolved)")
        #expect(NotificationScenario.eventually { daemon.document?.notifications.pending == 0 })
        #expect(daemon.terminate() == 0)
    }
}
