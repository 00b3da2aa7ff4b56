import FoundationEssentials

/// Turns what the incident book asks for (`IncidentNotification`) into one delivery per notifier
/// that reaches the recipient, each with its text rendered now, while the incident is as it was.
public enum NotificationRouting {
    /// The deliveries of `notification`, in the order the recipient's notifiers are listed; a
    /// recipient with no notifier gets none (the journal entry of the incident is its only word).
    ///
    /// Each id is derived from the incident, its timeline position, the event, the role and the
    /// notifier, so a notification decided again after a crash has the same idempotency key.
    public static func deliveries(for notification: IncidentNotification, settings: IncidentSettings,
                                  currentActions: String, at now: Date) -> [NotificationDelivery] {
        let incident = notification.incident
        let role: String? = if case let .role(name) = notification.recipient { name } else { nil }
        let values = NotificationTemplate.Values(incident: incident, nextUpdate: nextUpdate(of: incident, settings: settings),
                                                 currentActions: currentActions, statusPageURL: settings.statusPageURL)
        let text = settings.template.render(values)
        return settings.notifiers(for: notification.recipient).map { notifier in
            NotificationDelivery(id: key(incident: incident, event: notification.event, role: role, notifier: notifier.name),
                                 notifier: notifier.name, event: notification.event, role: role, incident: incident,
                                 subject: text.subject, body: text.body, createdAt: now)
        }
    }

    /// How often an unresolved incident is posted again to the Alertmanagers that heard of it, as
    /// Prometheus re-sends firing alerts, so `resolve_timeout` never resolves it behind Vigil's back.
    public static let alertRefreshInterval = Duration.seconds(60)

    /// The re-posts due every `alertRefreshInterval`: one per unresolved incident and Alertmanager
    /// notifier of its audience, each with a key of its own that stays the same, so a re-post still
    /// waiting in the outbox is not queued twice.
    public static func alertRefreshes(of incidents: [Incident], audience: (Incident) -> [IncidentNotification.Recipient],
                                      settings: IncidentSettings, at now: Date) -> [NotificationDelivery] {
        incidents.filter { $0.status != .resolved }.flatMap { incident in
            audience(incident).flatMap { recipient in
                deliveries(for: IncidentNotification(recipient: recipient, event: .update, incident: incident), settings: settings,
                           currentActions: "", at: now)
            }
            .filter { settings.notifiers[$0.notifier]?.kind.name == "alertmanager" }
            .map { delivery in
                NotificationDelivery(id: "\(incident.id).refresh.\(delivery.notifier)", notifier: delivery.notifier, event: .update,
                                     role: delivery.role, incident: incident, subject: delivery.subject, body: delivery.body, createdAt: now)
            }
        }
        .reduce(into: [NotificationDelivery]()) { unique, delivery in
            if !unique.contains(where: { $0.id == delivery.id }) { unique.append(delivery) }
        }
    }

    /// `INC-20261203-0001.7.escalated.tech-lead.pager`: readable in a receiver's log, and stable.
    public static func key(incident: Incident, event: IncidentNotification.Event, role: String?, notifier: String) -> String {
        [incident.id.description, String(incident.timeline.count), event.rawValue, role ?? "-", notifier].joined(separator: ".")
    }

    /// When the audience hears next: `update_every` after the last update, unless it is resolved.
    static func nextUpdate(of incident: Incident, settings: IncidentSettings) -> Date? {
        guard incident.status != .resolved else { return nil }
        return WallClock.date(incident.lastUpdateAt, plus: settings.policy(for: incident.severity).updateEvery)
    }
}
