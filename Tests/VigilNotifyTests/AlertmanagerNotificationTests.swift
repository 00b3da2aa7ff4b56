import Foundation
import Testing
import VigilCore
import VigilNotify
import VigilTestSupport

/// An alertmanager notifier against Debian's real Alertmanager: an `opened` delivery makes one
/// active alert per check with Vigil's labels and annotations, a `resolved` one ends them.
@Suite(.sharedAlertmanager) struct AlertmanagerNotificationTests {
    let sender = NotificationSender(environment: [:], hostName: "db-host-1")

    private var alertmanager: AlertmanagerInstance {
        get throws { try #require(AlertmanagerInstance.current) }
    }

    @Test func anOpenedIncidentIsOneActiveAlertPerCheckAndResolvedEndsThem() async throws {
        let alertmanager = try alertmanager
        let openedAt = Date().addingTimeInterval(-300)
        let incident = NotificationSamples.incident(number: 11, openedAt: openedAt)
        let notifier = NotifierSettings(name: "am", kind: .alertmanager(url: alertmanager.url + "/"))
        let opened = NotificationSamples.delivery(.opened, incident: incident)
        #expect(await sender.sendOffThePool(opened, via: notifier) == .delivered)

        let id = incident.id.description
        let alerts = try await alertmanager.activeAlerts(["incident_id=\(id)"])
        let labels = alerts.compactMap { $0["labels"] as? [String: String] }.sorted { ($0["check"] ?? "") < ($1["check"] ?? "") }
        #expect(labels == ["api_http", "pg_primary"].map { check in
            ["alertname": "VigilIncident", "incident_id": id, "severity": "P1", "check": check, "instance": "db-host-1"]
        })
        let annotations = try #require(alerts.first?["annotations"] as? [String: String])
        #expect(annotations == ["summary": opened.subject, "description": opened.body, "runbook": "journalctl -x INCIDENT_ID=\(id)"])

        var resolvedIncident = incident
        resolvedIncident.status = .resolved
        resolvedIncident.resolvedAt = Date().addingTimeInterval(-1)
        #expect(await sender.sendOffThePool(NotificationSamples.delivery(.resolved, incident: resolvedIncident), via: notifier) == .delivered)
        #expect(try await alertmanager.activeAlerts(["incident_id=\(id)"]).isEmpty)
    }

    @Test func anUpdateKeepsTheAlertsActive() async throws {
        let alertmanager = try alertmanager
        let incident = NotificationSamples.incident(number: 12, openedAt: Date().addingTimeInterval(-60), checks: ["disk_root"])
        let notifier = NotifierSettings(name: "am", kind: .alertmanager(url: alertmanager.url))
        #expect(await sender.sendOffThePool(NotificationSamples.delivery(.update, incident: incident), via: notifier) == .delivered)
        let alerts = try await alertmanager.activeAlerts(["incident_id=\(incident.id)"])
        #expect(alerts.compactMap { ($0["labels"] as? [String: String])?["check"] } == ["disk_root"])
    }

    @Test func aWrongPathIsFailedWithAlertmanagersStatus() async throws {
        let alertmanager = try alertmanager
        let notifier = NotifierSettings(name: "am", kind: .alertmanager(url: alertmanager.url + "/nowhere"))
        let result = await sender.sendOffThePool(NotificationSamples.delivery(), via: notifier)
        guard case let .failed(reason) = result else {
            Issue.record("delivered to a path Alertmanager does not serve")
            return
        }
        #expect(reason.hasPrefix("HTTP 404"))
    }
}
