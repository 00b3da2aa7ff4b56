import FoundationEssentials

/// The incidents of a period in figures, for a post-incident review or a quarterly risk assessment:
/// how many, how fast they were acknowledged and resolved, which checks failed most.
public struct IncidentReview: Codable, Equatable, Sendable {
    /// Incidents of one severity opened in the period, and how many of those are not resolved yet.
    public struct SeverityCount: Codable, Equatable, Sendable {
        public var severity: Severity
        public var opened: Int
        public var stillOpen: Int
    }

    /// Durations in seconds over the incidents that have one; `nil` figures when none has.
    /// The p90 is by nearest rank: the value at rank ⌈0.9 × count⌉ of the sorted durations.
    public struct Durations: Codable, Equatable, Sendable {
        public var count: Int
        public var meanSeconds: Double?
        public var p90Seconds: Double?
        public var worstSeconds: Double?

        public init(_ seconds: [Double]) {
            let sorted = seconds.sorted()
            count = sorted.count
            guard !sorted.isEmpty else { return }
            meanSeconds = sorted.reduce(0, +) / Double(sorted.count)
            let rank = Int((0.9 * Double(sorted.count)).rounded(.up))
            p90Seconds = sorted[max(1, rank) - 1]
            worstSeconds = sorted.last
        }

        private enum CodingKeys: String, CodingKey { case count, meanSeconds, p90Seconds, worstSeconds }

        /// Absent figures are written as null, so the JSON has the same keys with or without incidents.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(count, forKey: .count)
            try container.encode(meanSeconds, forKey: .meanSeconds)
            try container.encode(p90Seconds, forKey: .p90Seconds)
            try container.encode(worstSeconds, forKey: .worstSeconds)
        }
    }

    /// A check and the number of the period's incidents it was in.
    public struct CheckCount: Codable, Equatable, Sendable {
        public var check: String
        public var incidents: Int
    }

    /// One incident as a row of a section.
    public struct Entry: Codable, Equatable, Sendable {
        public var id: String
        public var severity: Severity
        public var status: Incident.Status
        public var title: String
        public var openedAt: Date
        public var resolvedAt: Date?
        /// Until resolution, or until the review was made for one still open.
        public var openSeconds: Double
        /// How often it failed again after resolving (its `reopened` timeline entries).
        public var reopenCount: Int
    }

    /// What the review cannot say yet, because incident files do not record it.
    public static let notReported = ["remediation attempts and spent budgets", "flapping episodes", "failed notifications"]

    public static let topChecksLimit = 10
    public static let longestOpenLimit = 5

    public var since: Date
    public var until: Date
    public var generatedAt: Date
    public var incidentCount: Int
    public var bySeverity: [SeverityCount]
    public var timeToAcknowledge: Durations
    public var timeToResolve: Durations
    public var topChecks: [CheckCount]
    public var reopened: [Entry]
    public var longestOpen: [Entry]
    public var notReported: [String]

    /// Reviews the incidents opened in [since, until); `now` ends the open time of unresolved ones.
    public init(incidents: [Incident], since: Date, until: Date, now: Date) {
        let inPeriod = incidents.filter { $0.openedAt >= since && $0.openedAt < until }
            .sorted { ($0.openedAt, $0.id.description) < ($1.openedAt, $1.id.description) }
        self.since = since
        self.until = until
        generatedAt = now
        incidentCount = inPeriod.count
        bySeverity = Severity.allCases.map { severity in
            let opened = inPeriod.filter { $0.severity == severity }
            return SeverityCount(severity: severity, opened: opened.count, stillOpen: opened.filter { $0.status != .resolved }.count)
        }
        timeToAcknowledge = Durations(inPeriod.compactMap { incident in
            incident.acknowledgedAt.map { $0.timeIntervalSince(incident.openedAt) }
        })
        timeToResolve = Durations(inPeriod.compactMap { incident in
            incident.resolvedAt.map { $0.timeIntervalSince(incident.openedAt) }
        })
        var counts: [String: Int] = [:]
        for incident in inPeriod {
            for name in Set(incident.checkNames) { counts[name, default: 0] += 1 }
        }
        topChecks = counts.map { CheckCount(check: $0.key, incidents: $0.value) }
            .sorted { ($1.incidents, $0.check) < ($0.incidents, $1.check) }
            .prefix(Self.topChecksLimit).map { $0 }
        let entries = inPeriod.map { Self.entry($0, now: now) }
        reopened = entries.filter { $0.reopenCount > 0 }
        longestOpen = entries.sorted { ($1.openSeconds, $0.id) < ($0.openSeconds, $1.id) }
            .prefix(Self.longestOpenLimit).map { $0 }
        notReported = Self.notReported
    }

    private static func entry(_ incident: Incident, now: Date) -> Entry {
        Entry(id: incident.id.description, severity: incident.severity, status: incident.status, title: incident.title,
              openedAt: incident.openedAt, resolvedAt: incident.resolvedAt,
              openSeconds: max(0, (incident.resolvedAt ?? now).timeIntervalSince(incident.openedAt)),
              reopenCount: incident.timeline.filter { $0.kind == .reopened }.count)
    }
}
