import FoundationEssentials
import VigilCore

/// `vigil incidents` and `vigil incident ID` for a terminal: one aligned row per incident, or one
/// incident's header and its whole timeline. Pure, so it is tested on hand-built incidents.
public enum IncidentText {
    /// `INC-20270115-0001  P1  resolved  2027-01-15T10:03:00Z  2027-01-15T10:15:00Z  db is CRITICAL  db`;
    /// an unresolved one shows its age instead (`open for 12m`).
    public static func list(_ incidents: [Incident], now: Date) -> String {
        guard !incidents.isEmpty else { return "no incidents" }
        let rows = incidents.map { incident in
            [incident.id.description, incident.severity.rawValue, incident.status.rawValue, WallClock.text(incident.openedAt),
             incident.resolvedAt.map(WallClock.text) ?? ended(incident, now: now), incident.title,
             incident.checkNames.joined(separator: ", ")]
        }
        return TextTable(header: ["ID", "SEVERITY", "STATUS", "OPENED", "RESOLVED/AGE", "TITLE", "CHECKS"], rows: rows).text
    }

    /// The header (what, since when, who took it, which checks) then one line per timeline entry.
    public static func detail(_ incident: Incident, now: Date) -> String {
        var lines = ["incident \(incident.id) \(incident.severity.rawValue) \(incident.status.rawValue): \(incident.title)",
                     "opened \(WallClock.text(incident.openedAt)) (\(ended(incident, now: now)))"]
        if let at = incident.acknowledgedAt {
            lines.append("acknowledged \(WallClock.text(at)) by \(incident.acknowledgedBy ?? "unknown")")
        }
        lines.append("escalation level \(incident.escalationLevel)")
        for check in incident.checks {
            let reason = check.reason.isEmpty ? "" : ": \(check.reason)"
            lines.append("check \(check.name) \(check.severity.rawValue) \(check.status.rawValue)\(check.flapping ? " flapping" : "")\(reason)")
        }
        lines.append("")
        let rows = incident.timeline.map { [WallClock.text($0.at), $0.kind.rawValue, $0.text] }
        lines.append(TextTable(header: ["TIME", "KIND", "TEXT"], rows: rows).text)
        return lines.joined(separator: "\n")
    }

    /// `resolved after 12m` or `open for 3h5m`.
    static func ended(_ incident: Incident, now: Date) -> String {
        if let resolved = incident.resolvedAt {
            return "resolved after \(StatusText.age(from: incident.openedAt, to: resolved))"
        }
        return "\(incident.status.rawValue) for \(StatusText.age(from: incident.openedAt, to: now))"
    }
}
