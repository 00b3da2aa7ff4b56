import FoundationEssentials

/// The incidents of a period in figures, for a post-incident review or a quarterly risk assessment:
/// how many, how fast they were acknowledged and resolved, which checks failed most, which flapped,
/// what remediation did and which notifications never arrived. Counted from the structured fields
/// of the incidents' timeline entries, never from their text.
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

    /// A check's flapping episodes in the period's incidents.
    public struct FlappingCount: Codable, Equatable, Sendable {
        public var check: String
        public var episodes: Int
        public var incidents: Int

        public init(check: String, episodes: Int, incidents: Int) {
            self.check = check
            self.episodes = episodes
            self.incidents = incidents
        }
    }

    /// A remediation plan's attempts in the period's incidents and how they ended: `triggered` attempts
    /// started (`DECISION=run`), `dryRun` would have (`would-run`), `verified` healed the check,
    /// `failed` did not (a step failed or verification failed: `escalate`).
    public struct PlanOutcomes: Codable, Equatable, Sendable {
        public var plan: String
        public var triggered: Int
        public var dryRun: Int
        public var verified: Int
        public var failed: Int

        public init(plan: String, triggered: Int, dryRun: Int, verified: Int, failed: Int) {
            self.plan = plan
            self.triggered = triggered
            self.dryRun = dryRun
            self.verified = verified
            self.failed = failed
        }
    }

    /// A plan that spent its budget (`stop`, or `would-stop` in dry-run) during one of the period's incidents.
    public struct BudgetSpent: Codable, Equatable, Sendable {
        public var plan: String
        public var check: String?
        public var at: Date
        public var incident: String
        public var dryRun: Bool

        public init(plan: String, check: String?, at: Date, incident: String, dryRun: Bool) {
            self.plan = plan
            self.check = check
            self.at = at
            self.incident = incident
            self.dryRun = dryRun
        }
    }

    /// A notifier's give-ups in the period's incidents: how many, the latest reason, which incidents.
    public struct NotifierFailures: Codable, Equatable, Sendable {
        public var notifier: String
        public var count: Int
        public var lastReason: String
        public var lastAt: Date
        public var incidents: [String]

        public init(notifier: String, count: Int, lastReason: String, lastAt: Date, incidents: [String]) {
            self.notifier = notifier
            self.count = count
            self.lastReason = lastReason
            self.lastAt = lastAt
            self.incidents = incidents
        }
    }

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
    public var flapping: [FlappingCount]
    public var remediation: [PlanOutcomes]
    public var budgetsSpent: [BudgetSpent]
    public var failedNotifications: [NotifierFailures]

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
        flapping = Self.flapping(inPeriod)
        remediation = Self.remediation(inPeriod)
        budgetsSpent = inPeriod.flatMap { incident in
            incident.timeline.compactMap { entry -> BudgetSpent? in
                guard entry.kind == .remediation, let plan = entry.plan, let decision = entry.decision,
                      decision == "stop" || decision == "would-stop" else { return nil }
                return BudgetSpent(plan: plan, check: entry.check, at: entry.at, incident: incident.id.description,
                                   dryRun: decision == "would-stop")
            }
        }.sorted { ($0.at, $0.plan, $0.incident) < ($1.at, $1.plan, $1.incident) }
        failedNotifications = Self.failedNotifications(inPeriod)
    }

    private static func flapping(_ incidents: [Incident]) -> [FlappingCount] {
        var episodes: [String: Int] = [:]
        var inIncidents: [String: Set<String>] = [:]
        for incident in incidents {
            for entry in incident.timeline where entry.flapping == true {
                guard let check = entry.check else { continue }
                episodes[check, default: 0] += 1
                inIncidents[check, default: []].insert(incident.id.description)
            }
        }
        return episodes.map { FlappingCount(check: $0.key, episodes: $0.value, incidents: inIncidents[$0.key]?.count ?? 0) }
            .sorted { ($1.episodes, $0.check) < ($0.episodes, $1.check) }
    }

    private static func remediation(_ incidents: [Incident]) -> [PlanOutcomes] {
        var plans: [String: PlanOutcomes] = [:]
        for incident in incidents {
            for entry in incident.timeline where entry.kind == .remediation {
                guard let plan = entry.plan, let decision = entry.decision else { continue }
                var outcomes = plans[plan] ?? PlanOutcomes(plan: plan, triggered: 0, dryRun: 0, verified: 0, failed: 0)
                switch decision {
                case "run": outcomes.triggered += 1
                case "would-run": outcomes.dryRun += 1
                case "verified": outcomes.verified += 1
                case "escalate": outcomes.failed += 1
                default: continue
                }
                plans[plan] = outcomes
            }
        }
        return plans.values.sorted { $0.plan < $1.plan }
    }

    private static func failedNotifications(_ incidents: [Incident]) -> [NotifierFailures] {
        var notifiers: [String: NotifierFailures] = [:]
        for incident in incidents {
            for entry in incident.timeline where entry.kind == .notificationFailed {
                guard let notifier = entry.notifier else { continue }
                let id = incident.id.description
                var failures = notifiers[notifier]
                    ?? NotifierFailures(notifier: notifier, count: 0, lastReason: "", lastAt: entry.at, incidents: [])
                failures.count += 1
                if failures.count == 1 || entry.at >= failures.lastAt {
                    failures.lastAt = entry.at
                    failures.lastReason = entry.reason ?? ""
                }
                if !failures.incidents.contains(id) { failures.incidents.append(id) }
                notifiers[notifier] = failures
            }
        }
        return notifiers.values.sorted { ($1.count, $0.notifier) < ($0.count, $1.notifier) }
    }

    private static func entry(_ incident: Incident, now: Date) -> Entry {
        Entry(id: incident.id.description, severity: incident.severity, status: incident.status, title: incident.title,
              openedAt: incident.openedAt, resolvedAt: incident.resolvedAt,
              openSeconds: max(0, (incident.resolvedAt ?? now).timeIntervalSince(incident.openedAt)),
              reopenCount: incident.timeline.filter { $0.kind == .reopened }.count)
    }
}
