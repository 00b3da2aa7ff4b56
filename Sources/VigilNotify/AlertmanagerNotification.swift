import FoundationEssentials
import VigilCore

/// A `kind = "alertmanager"` notifier: one alert per check of the incident POSTed to
/// `<url>/api/v2/alerts`; a `resolved` event sets `endsAt`, which ends them in Alertmanager.
struct AlertmanagerNotification {
    var url: String
    var hostName: String

    var alertsURL: String {
        var base = Substring(url)
        while base.hasSuffix("/") { base = base.dropLast() }
        return base + "/api/v2/alerts"
    }

    func send(_ delivery: NotificationDelivery, timeout: Duration) -> DeliveryResult {
        JSONPost.send(JSONPost.encode(alerts(delivery)), to: alertsURL, headers: [], timeout: timeout)
    }

    /// Alertmanager's `postableAlert`s: labels identify the alert (one per check), annotations
    /// carry the text and the journal query that shows the runbook.
    func alerts(_ delivery: NotificationDelivery) -> [Alert] {
        let incident = delivery.incident
        let checks = incident.checkNames.isEmpty ? [""] : incident.checkNames
        return checks.map { check in
            Alert(
                labels: [
                    "alertname": "VigilIncident",
                    "incident_id": incident.id.description,
                    "severity": incident.severity.rawValue,
                    "check": check,
                    "instance": hostName,
                ],
                annotations: [
                    "summary": delivery.subject,
                    "description": delivery.body,
                    "runbook": "journalctl -x INCIDENT_ID=\(incident.id.description)",
                ],
                startsAt: incident.openedAt,
                endsAt: delivery.event == .resolved ? incident.resolvedAt ?? delivery.createdAt : nil)
        }
    }

    struct Alert: Encodable, Equatable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: Date
        /// Absent (not null) while the incident is open: Alertmanager then keeps it firing.
        var endsAt: Date?
    }
}
