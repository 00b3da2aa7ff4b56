import Foundation
import VigilCore
import VigilNotify

/// Deliveries as the outbox would hand them over, and a way to send one off Swift's cooperative
/// threads (a send blocks for up to its notifier's timeout).
enum NotificationSamples {
    static let openedAt = Date(timeIntervalSince1970: 1_800_000_000)

    static func incident(number: Int = 1, openedAt: Date = openedAt, checks: [String] = ["api_http", "pg_primary"],
                         resolvedAt: Date? = nil) -> Incident {
        var incident = Incident(
            id: IncidentID(openedOn: openedAt, number: number), title: "api down", severity: .p1, openedAt: openedAt,
            checks: checks.map { Incident.Check(name: $0, severity: .p1, status: .critical, reason: "connection refused") })
        incident.timeline = [IncidentTimelineEntry(at: openedAt, kind: .opened, text: "opened by api_http")]
        if let resolvedAt {
            incident.status = .resolved
            incident.resolvedAt = resolvedAt
        }
        return incident
    }

    static func delivery(_ event: IncidentNotification.Event = .opened, role: String? = "oncall", incident: Incident = incident(),
                         id: String = "ntf-\(UUID().uuidString)") -> NotificationDelivery {
        NotificationDelivery(
            id: id, notifier: "test", event: event, role: role, incident: incident,
            subject: "[P1] \(incident.id) api down", body: "api_http: connection refused\npg_primary: connection refused",
            createdAt: openedAt.addingTimeInterval(1))
    }
}

extension NotificationSender {
    /// `send` on a thread of its own, as the outbox runs it.
    func sendOffThePool(_ delivery: NotificationDelivery, via notifier: NotifierSettings) async -> DeliveryResult {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.send(delivery, via: notifier)) }.start()
        }
    }
}

/// A scratch folder removed when released.
final class ScratchFolder: @unchecked Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func read(_ name: String) throws -> String { try String(contentsOfFile: file(name), encoding: .utf8) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
