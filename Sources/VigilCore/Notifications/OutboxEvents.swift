import FoundationEssentials

/// The journal entries of the outbox; each names `NOTIFIER`, so `journalctl NOTIFIER=…` tells
/// one channel's story, and a delivery's entries carry `INCIDENT_ID` and `NOTIFICATION_ID` too.
extension JournalEvent {
    private static func deliveryFields(_ entry: OutboxEntry) -> [Field] {
        var fields = [Field("NOTIFIER", entry.delivery.notifier), Field("NOTIFICATION_ID", entry.id),
                      Field("INCIDENT_ID", entry.delivery.incident.id.description),
                      Field("NOTIFICATION_EVENT", entry.delivery.event.rawValue), Field("ATTEMPTS", String(entry.attempts))]
        if let role = entry.delivery.role { fields.append(Field("ROLE", role)) }
        return fields
    }

    /// An attempt failed and will be tried again; said for the first failure of a notifier's
    /// streak and then at most every 10 minutes, with the failures not said meanwhile.
    public static func notificationFailed(_ entry: OutboxEntry, reason: String, maxAttempts: Int, unsaid: Int) -> JournalEvent {
        let meanwhile = unsaid > 0 ? " (\(unsaid) more failed attempts of \(entry.delivery.notifier) since the last report)" : ""
        return JournalEvent(kind: .notificationFailed, priority: .warning,
                            message: "notifier \(entry.delivery.notifier) could not deliver \(entry.delivery.event.rawValue) of incident "
                                + "\(entry.delivery.incident.id) (attempt \(entry.attempts) of \(maxAttempts)): \(reason); "
                                + "next attempt at \(WallClock.text(entry.nextAttemptAt))\(meanwhile)",
                            fields: deliveryFields(entry) + [Field("MAX_ATTEMPTS", String(maxAttempts)), Field("REASON", reason),
                                                             Field("NEXT_ATTEMPT_AT", WallClock.text(entry.nextAttemptAt)),
                                                             Field("FAILURES_UNSAID", String(unsaid))])
    }

    /// The notifier gave up on a delivery: nobody was reached through it, so the incident moves on
    /// to the next level of its escalation path.
    public static func notificationGaveUp(_ entry: OutboxEntry, reason: String) -> JournalEvent {
        let tries = entry.attempts == 1 ? "1 attempt" : "\(entry.attempts) attempts"
        return JournalEvent(kind: .notificationGaveUp, priority: .error,
                            message: "notifier \(entry.delivery.notifier) gave up on \(entry.delivery.event.rawValue) of incident "
                                + "\(entry.delivery.incident.id) after \(tries): \(reason)",
                            fields: deliveryFields(entry) + [Field("REASON", reason)])
    }

    /// A notifier delivered again after failed attempts.
    public static func notifierRecovered(_ notifier: String, failures: Int, unsaid: Int) -> JournalEvent {
        let failed = failures == 1 ? "1 failed attempt" : "\(failures) failed attempts"
        return JournalEvent(kind: .notifierRecovered, priority: .notice,
                            message: "notifier \(notifier) delivers again after \(failed)",
                            fields: [Field("NOTIFIER", notifier), Field("FAILURES", String(failures)),
                                     Field("FAILURES_UNSAID", String(unsaid))])
    }
}
