/// Which confirmed status of a check opens an incident (`incident = "…"` on a check).
public enum IncidentPolicy: String, Codable, Sendable, CaseIterable {
    /// A confirmed CRITICAL opens one (the default).
    case critical
    /// A confirmed WARNING opens one too.
    case warning
    /// The check never opens nor joins an incident.
    case never

    /// Whether a confirmed `status` asks for an incident under this policy.
    public func opensIncident(on status: Status) -> Bool {
        switch (self, status) {
        case (.never, _): false
        case (_, .critical): true
        case (.warning, .warning): true
        default: false
        }
    }
}
