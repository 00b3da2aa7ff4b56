import FoundationEssentials

/// One root cause as people handle it: opened by a confirmed failure, escalated until somebody
/// acknowledges it, resolved when all its checks are confirmed HEALTHY.
public struct Incident: Codable, Equatable, Sendable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open
        case acknowledged
        case resolved
    }

    /// One check of the incident, with its latest confirmed status.
    public struct Check: Codable, Equatable, Sendable {
        public var name: String
        public var severity: Severity
        public var status: VigilCore.Status
        /// The check's reason at its latest confirmed change.
        public var reason: String
        /// While it flaps, a HEALTHY result does not resolve the incident: the episode is one incident.
        public var flapping: Bool

        public init(name: String, severity: Severity, status: VigilCore.Status, reason: String = "", flapping: Bool = false) {
            self.name = name
            self.severity = severity
            self.status = status
            self.reason = reason
            self.flapping = flapping
        }
    }

    public let id: IncidentID
    public var title: String
    /// The highest severity of its checks.
    public var severity: Severity
    public var status: Status
    public var openedAt: Date
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var resolvedAt: Date?
    public var checks: [Check]
    /// How many levels of the escalation path were notified (0: nobody, 1: the first role, …).
    public var escalationLevel: Int
    /// When the current level was notified: the next one is due `respondWithin` later.
    public var escalatedAt: Date
    /// When the audience last heard of it (opening or update): the next update is due `updateEvery` later.
    public var lastUpdateAt: Date
    public var timeline: [IncidentTimelineEntry]

    public init(id: IncidentID, title: String, severity: Severity, openedAt: Date, checks: [Check]) {
        self.id = id
        self.title = title
        self.severity = severity
        self.status = .open
        self.openedAt = openedAt
        self.checks = checks
        self.escalationLevel = 0
        self.escalatedAt = openedAt
        self.lastUpdateAt = openedAt
        self.timeline = []
    }

    public var checkNames: [String] { checks.map(\.name) }

    public func contains(check name: String) -> Bool { checks.contains { $0.name == name } }

    /// Every check confirmed HEALTHY and none of them in a flapping episode.
    public var allChecksHealthy: Bool { checks.allSatisfy { $0.status == .healthy && !$0.flapping } }

    mutating func record(_ kind: IncidentTimelineEntry.Kind, _ text: String, at now: Date) {
        timeline.append(IncidentTimelineEntry(at: now, kind: kind, text: text))
    }

    mutating func record(_ entry: IncidentTimelineEntry) {
        timeline.append(entry)
    }
}
