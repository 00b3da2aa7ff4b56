import FoundationEssentials

/// The journal entries of incidents; each carries `INCIDENT_ID`, so `journalctl INCIDENT_ID=…`
/// tells one incident's whole story.
extension JournalEvent {
    private static func incidentFields(_ incident: Incident) -> [Field] {
        [Field("INCIDENT_ID", incident.id.description), Field("SEVERITY", incident.severity.rawValue),
         Field("INCIDENT_STATUS", incident.status.rawValue), Field("TITLE", incident.title),
         Field("CHECKS", incident.checkNames.joined(separator: " "))]
    }

    /// P0 pages at `crit`, P1 at `err`: what `journalctl -p` filters a pager on.
    private static func priority(of severity: Severity) -> JournalPriority {
        switch severity {
        case .p0: .critical
        case .p1: .error
        case .p2: .warning
        case .p3: .notice
        }
    }

    public static func incidentOpened(_ incident: Incident) -> JournalEvent {
        JournalEvent(kind: .incidentOpened, priority: priority(of: incident.severity),
                     message: "incident \(incident.id) opened (\(incident.severity.rawValue)): \(incident.title)",
                     fields: incidentFields(incident))
    }

    public static func incidentReopened(_ incident: Incident, check: String) -> JournalEvent {
        JournalEvent(kind: .incidentReopened, priority: priority(of: incident.severity),
                     message: "incident \(incident.id) reopened: \(check) failed again soon after it resolved",
                     fields: incidentFields(incident) + [Field("CHECK", check)])
    }

    /// A check joined the incident (suppressed by its dependency); `raisedFrom` when it raised the severity.
    public static func incidentCheckJoined(_ incident: Incident, check: String, reason: String, raisedFrom: Severity?) -> JournalEvent {
        var fields = incidentFields(incident) + [Field("CHECK", check), Field("REASON", reason)]
        if let raisedFrom { fields.append(Field("PREVIOUS_SEVERITY", raisedFrom.rawValue)) }
        let raised = raisedFrom.map { "; severity raised from \($0.rawValue) to \(incident.severity.rawValue)" } ?? ""
        return JournalEvent(kind: .incidentCheckJoined, priority: .notice,
                            message: "\(check) joined incident \(incident.id): \(reason)\(raised)", fields: fields)
    }

    /// Nobody acknowledged in time: `role` (level `level` of the path, or its last level again) is notified.
    public static func incidentEscalated(_ incident: Incident, role: String, repeated: Bool) -> JournalEvent {
        JournalEvent(kind: .incidentEscalated, priority: priority(of: incident.severity),
                     message: "incident \(incident.id) not acknowledged: "
                         + (repeated ? "notifying \(role) again" : "escalated to \(role) (level \(incident.escalationLevel))"),
                     fields: incidentFields(incident) + [Field("ROLE", role), Field("ESCALATION_LEVEL", String(incident.escalationLevel))])
    }

    public static func incidentUpdate(_ incident: Incident, recipients: [String], nextUpdate: Date) -> JournalEvent {
        JournalEvent(kind: .incidentUpdate, priority: .info,
                     message: "incident \(incident.id) still \(incident.status.rawValue): update sent to \(recipients.joined(separator: ", "))",
                     fields: incidentFields(incident) + [Field("RECIPIENTS", recipients.joined(separator: " ")),
                                                         Field("NEXT_UPDATE", WallClock.text(nextUpdate))])
    }

    public static func incidentAcknowledged(_ incident: Incident, note: String?) -> JournalEvent {
        let by = incident.acknowledgedBy ?? "unknown"
        var fields = incidentFields(incident) + [Field("ACKNOWLEDGED_BY", by)]
        if let note { fields.append(Field("NOTE", note)) }
        return JournalEvent(kind: .incidentAcknowledged, priority: .notice,
                            message: "incident \(incident.id) acknowledged by \(by)" + (note.map { ": \($0)" } ?? ""),
                            fields: fields)
    }

    public static func incidentResolved(_ incident: Incident) -> JournalEvent {
        let seconds = (incident.resolvedAt ?? incident.openedAt).timeIntervalSince(incident.openedAt)
        let duration = DurationText.format(.seconds(Int64(seconds.rounded(.down))))
        return JournalEvent(kind: .incidentResolved, priority: .notice,
                            message: "incident \(incident.id) resolved after \(duration): every check is HEALTHY",
                            fields: incidentFields(incident) + [Field("DURATION", duration)])
    }
}
