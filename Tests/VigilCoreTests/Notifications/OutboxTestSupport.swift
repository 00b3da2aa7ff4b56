import Foundation
import VigilCore

/// Deliveries and notifiers the outbox tests share; times are `Clock.at(seconds)`.
enum OutboxSamples {
    static let incident = Incident(id: IncidentID(openedOn: Clock.t0, number: 1), title: "db is CRITICAL", severity: .p1,
                                   openedAt: Clock.t0, checks: [Incident.Check(name: "db", severity: .p1, status: .critical)])

    static func delivery(_ id: String, notifier: String = "pager", createdAt second: Double = 0) -> NotificationDelivery {
        NotificationDelivery(id: id, notifier: notifier, event: .opened, role: "on-call", incident: incident,
                             subject: "[P1] db is CRITICAL", body: "connection refused", createdAt: Clock.at(second))
    }

    static func notifier(_ name: String = "pager", retry: RetryPolicy = RetryPolicy()) -> NotifierSettings {
        NotifierSettings(name: name, kind: .command(argv: ["/bin/true"], environment: [:]), retry: retry)
    }

    static func outbox(_ names: [String] = ["pager"], maxInFlight: Int = Outbox.defaultMaxInFlight) -> Outbox {
        Outbox(notifiers: Dictionary(uniqueKeysWithValues: names.map { ($0, notifier($0)) }), maxInFlight: maxInFlight)
    }
}

extension Array where Element == OutboxOutput {
    /// The ids of the `.send` outputs, in order.
    var sent: [String] { compactMap { if case let .send(entry, _) = $0 { entry.id } else { nil } } }
    var saved: [OutboxEntry] { compactMap { if case let .save(entry) = $0 { entry } else { nil } } }
    var removed: [String] { compactMap { if case let .remove(id) = $0 { id } else { nil } } }
    var gaveUp: [(NotificationDelivery, String)] { compactMap { if case let .gaveUp(delivery, reason) = $0 { (delivery, reason) } else { nil } } }
    var events: [JournalEvent] { compactMap(\.event) }
}
