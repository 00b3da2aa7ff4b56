import FoundationEssentials

/// Every incident of the host and the rules that open, escalate and resolve them: a state machine
/// fed with confirmed check changes, acknowledgements and the passing of time, answering with what
/// to notify, journal and persist. It has no clock of its own, so it is tested with explicit dates.
///
/// Persisted as `incidents` and `lastIssued`; `settings` come from the configuration and are set
/// again after decoding.
public struct IncidentBook: Codable, Equatable, Sendable {
    public var settings: IncidentSettings
    /// Every incident kept, in the order they opened.
    public private(set) var incidents: [Incident]
    /// The latest id handed out, so a day's counter never repeats, even after its incidents are forgotten.
    public private(set) var lastIssued: IncidentID?

    private enum CodingKeys: String, CodingKey {
        case incidents, lastIssued
    }

    public init(settings: IncidentSettings = IncidentSettings(), incidents: [Incident] = [], lastIssued: IncidentID? = nil) {
        self.settings = settings
        self.incidents = incidents
        self.lastIssued = lastIssued
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        settings = IncidentSettings()
        incidents = try container.decode([Incident].self, forKey: .incidents)
        lastIssued = try container.decodeIfPresent(IncidentID.self, forKey: .lastIssued)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(incidents, forKey: .incidents)
        try container.encodeIfPresent(lastIssued, forKey: .lastIssued)
    }

    public func incident(_ id: IncidentID) -> Incident? {
        incidents.first { $0.id == id }
    }

    /// The incidents not resolved yet (open or acknowledged).
    public var unresolved: [Incident] { incidents.filter { $0.status != .resolved } }

    /// The unresolved incident `check` belongs to, if any.
    public func activeIncident(of check: String) -> Incident? {
        activeIndex(of: check).map { incidents[$0] }
    }

    /// When the next update of `incident` is due; `nil` once resolved or when it has no audience.
    public func nextUpdate(of incident: Incident) -> Date? {
        let policy = settings.policy(for: incident.severity)
        guard incident.status != .resolved, policy.updateEvery > .zero, !audience(of: incident, policy).isEmpty else { return nil }
        return WallClock.date(incident.lastUpdateAt, plus: policy.updateEvery)
    }

    /// The earliest time `timePassed` has something to do: an escalation, an update, or forgetting
    /// a resolved incident.
    public var nextDeadline: Date? {
        var deadlines: [Date] = []
        for incident in incidents {
            if let resolvedAt = incident.resolvedAt, incident.status == .resolved {
                deadlines.append(WallClock.date(resolvedAt, plus: settings.keepResolved))
                continue
            }
            if let escalation = escalationDeadline(of: incident) { deadlines.append(escalation) }
            if let update = nextUpdate(of: incident) { deadlines.append(update) }
        }
        return deadlines.min()
    }

    // MARK: - Inputs

    /// A check's confirmed status changed. A failure its `policy` counts opens an incident, joins its
    /// dependency's (`suppressedBy`) or reopens its own recently resolved one; a check already in an
    /// unresolved incident only updates it, and the incident resolves once all its checks are
    /// HEALTHY and none flaps.
    public mutating func checkConfirmed(check: String, status: Status, severity: Severity, policy: IncidentPolicy = .critical,
                                        suppressedBy: String? = nil, flapping: Bool = false, reason: String = "",
                                        at now: Date) -> [IncidentOutput] {
        let entry = Incident.Check(name: check, severity: severity, status: status, reason: reason, flapping: flapping)
        if let index = activeIndex(of: check) {
            return changed(index, entry, at: now)
        }
        guard policy.opensIncident(on: status) else { return [] }
        if let dependency = suppressedBy, let index = activeIndex(of: dependency) {
            return joined(index, entry, dependency: dependency, at: now)
        }
        if let index = reopenableIndex(of: check, at: now) {
            return reopened(index, entry, at: now)
        }
        return opened(entry, at: now)
    }

    /// A check's flapping episode ended: a resolution it held back may happen now.
    public mutating func flappingEnded(check: String, at now: Date) -> [IncidentOutput] {
        guard let index = activeIndex(of: check), let position = incidents[index].checks.firstIndex(where: { $0.name == check }),
              incidents[index].checks[position].flapping else { return [] }
        var incident = incidents[index]
        incident.checks[position].flapping = false
        incident.record(IncidentTimelineEntry(at: now, kind: .checkChanged,
                                              text: "\(check) stopped flapping (\(incident.checks[position].status.rawValue))",
                                              check: check, flapping: false))
        var outputs: [IncidentOutput] = []
        if incident.allChecksHealthy { outputs += resolve(&incident, at: now) }
        incidents[index] = incident
        return outputs + [.changed(incident.id)]
    }

    /// Somebody took the incident: escalation stops, and everyone already told hears who took it.
    /// An incident already acknowledged keeps its first acknowledgement; the note is still recorded.
    public mutating func acknowledged(id: IncidentID, by person: String, note: String? = nil, at now: Date) -> [IncidentOutput] {
        guard let index = incidents.firstIndex(where: { $0.id == id }) else { return [] }
        var incident = incidents[index]
        guard incident.status == .open else {
            guard let note, !note.isEmpty else { return [] }
            incident.record(.note, "\(person): \(note)", at: now)
            incidents[index] = incident
            return [.changed(id)]
        }
        incident.status = .acknowledged
        incident.acknowledgedAt = now
        incident.acknowledgedBy = person
        incident.record(.acknowledged, "acknowledged by \(person) at escalation level \(incident.escalationLevel)", at: now)
        if let note, !note.isEmpty { incident.record(.note, "\(person): \(note)", at: now) }
        var outputs: [IncidentOutput] = [.journal(.incidentAcknowledged(incident, note: note))]
        outputs += notify(audience(of: incident, settings.policy(for: incident.severity)), .acknowledged, &incident, at: now)
        incidents[index] = incident
        return outputs + [.changed(id)]
    }

    /// A note on the incident's timeline (what was tried, what was found).
    public mutating func noted(id: IncidentID, by person: String, text: String, at now: Date) -> [IncidentOutput] {
        guard let index = incidents.firstIndex(where: { $0.id == id }) else { return [] }
        incidents[index].record(.note, "\(person): \(text)", at: now)
        return [.changed(id)]
    }

    /// The decision engine decided about `check`'s remediation: its unresolved incident's timeline
    /// says so, for the responder now and the post-incident review later.
    /// `plan` and `decision` (the journal entry's `PLAN` and `DECISION`) are kept as they are, for the review to count.
    public mutating func remediationDecided(check: String, plan: String? = nil, decision: String? = nil, text: String,
                                            at now: Date) -> [IncidentOutput] {
        guard let index = activeIndex(of: check) else { return [] }
        // The journal's remediation messages mostly begin with the check already; say it once.
        let line = text.hasPrefix(check) ? text : "\(check): \(text)"
        incidents[index].record(IncidentTimelineEntry(at: now, kind: .remediation, text: line, check: check,
                                                      plan: plan, decision: decision))
        return [.changed(incidents[index].id)]
    }

    /// A notifier gave up on a delivery after its retries: the timeline says so and, when the
    /// delivery was for the level now answerable for an open incident, the next level is notified
    /// at once rather than after `respondWithin` of silence nobody could have broken.
    public mutating func notificationGaveUp(id: IncidentID, notifier: String, role: String?, event: IncidentNotification.Event,
                                            reason: String, at now: Date) -> [IncidentOutput] {
        guard let index = incidents.firstIndex(where: { $0.id == id }) else { return [] }
        var incident = incidents[index]
        let audience = role.map { "for \($0)" } ?? "(auto action)"
        incident.record(IncidentTimelineEntry(at: now, kind: .notificationFailed,
                                              text: "\(notifier) gave up on the \(event.rawValue) notification \(audience): \(reason)",
                                              notifier: notifier, reason: reason))
        var outputs: [IncidentOutput] = []
        let policy = settings.policy(for: incident.severity)
        if incident.status == .open, let role, incident.escalationLevel >= 1, incident.escalationLevel < policy.path.count,
           policy.path[incident.escalationLevel - 1] == role {
            incident.escalationLevel += 1
            incident.escalatedAt = now
            let next = policy.path[incident.escalationLevel - 1]
            incident.record(.escalated, "\(role) could not be reached: escalated to \(next) (level \(incident.escalationLevel))", at: now)
            outputs.append(.journal(.incidentEscalated(incident, role: next, repeated: false)))
            outputs += notify([.role(next)], .escalated, &incident, at: now)
        }
        incidents[index] = incident
        return outputs + [.changed(id)]
    }

    /// Time went by: escalate what nobody acknowledged, send the updates that are due, and forget
    /// resolved incidents older than `keepResolved`.
    public mutating func timePassed(at now: Date) -> [IncidentOutput] {
        var outputs: [IncidentOutput] = []
        for index in incidents.indices where incidents[index].status != .resolved {
            var incident = incidents[index]
            let policy = settings.policy(for: incident.severity)
            let before = outputs.count
            outputs += escalate(&incident, policy, at: now)
            outputs += update(&incident, policy, at: now)
            if outputs.count != before {
                incidents[index] = incident
                outputs.append(.changed(incident.id))
            }
        }
        let forgotten = incidents.filter { incident in
            guard incident.status == .resolved, let resolvedAt = incident.resolvedAt else { return false }
            return now >= WallClock.date(resolvedAt, plus: settings.keepResolved)
        }.map(\.id)
        incidents.removeAll { forgotten.contains($0.id) }
        return outputs + forgotten.map { .changed($0) }
    }

    // MARK: - Transitions

    private mutating func opened(_ check: Incident.Check, at now: Date) -> [IncidentOutput] {
        let id = nextID(at: now)
        lastIssued = id
        var incident = Incident(id: id, title: "\(check.name) is \(check.status.rawValue)", severity: check.severity,
                                openedAt: now, checks: [check])
        incident.record(.opened, "\(check.name) confirmed \(check.status.rawValue)" + Self.because(check.reason), at: now)
        Self.markFlapping(check, was: nil, in: &incident, at: now)
        let outputs = startNotifying(&incident, at: now)
        incidents.append(incident)
        return [.journal(.incidentOpened(incident))] + outputs + [.changed(id)]
    }

    private mutating func reopened(_ index: Int, _ check: Incident.Check, at now: Date) -> [IncidentOutput] {
        var incident = incidents[index]
        let after = incident.resolvedAt.map { DurationText.format(.seconds(Int64(now.timeIntervalSince($0).rounded(.down)))) } ?? "?"
        incident.status = .open
        incident.resolvedAt = nil
        incident.acknowledgedAt = nil
        incident.acknowledgedBy = nil
        let was = incident.checks.first { $0.name == check.name }
        Self.put(check, into: &incident)
        incident.severity = Self.highestSeverity(of: incident)
        incident.record(.reopened, "\(check.name) confirmed \(check.status.rawValue) \(after) after the incident resolved"
                            + Self.because(check.reason), at: now)
        Self.markFlapping(check, was: was, in: &incident, at: now)
        incident.escalationLevel = 0
        incident.escalatedAt = now
        incident.lastUpdateAt = now
        let outputs = startNotifying(&incident, at: now)
        incidents[index] = incident
        return [.journal(.incidentReopened(incident, check: check.name))] + outputs + [.changed(incident.id)]
    }

    private mutating func joined(_ index: Int, _ check: Incident.Check, dependency: String, at now: Date) -> [IncidentOutput] {
        var incident = incidents[index]
        let previous = incident.severity
        Self.put(check, into: &incident)
        let reason = "confirmed \(check.status.rawValue) while its dependency \(dependency) fails"
        incident.record(.checkJoined, "\(check.name) \(reason)" + Self.because(check.reason), at: now)
        Self.markFlapping(check, was: nil, in: &incident, at: now)
        let raised = raiseSeverity(&incident, from: previous, at: now)
        incidents[index] = incident
        return [.journal(.incidentCheckJoined(incident, check: check.name, reason: reason,
                                              raisedFrom: incident.severity < previous ? previous : nil))]
            + raised + [.changed(incident.id)]
    }

    private mutating func changed(_ index: Int, _ check: Incident.Check, at now: Date) -> [IncidentOutput] {
        var incident = incidents[index]
        let before = incident
        let previous = incident.checks.first { $0.name == check.name }
        Self.put(check, into: &incident)
        if previous?.status != check.status {
            let held = check.status == .healthy && check.flapping ? " (flapping: the incident stays until the episode ends)" : ""
            incident.record(.checkChanged, "\(check.name) confirmed \(check.status.rawValue) (was \(previous?.status.rawValue ?? "?"))"
                                + Self.because(check.reason) + held, at: now)
        }
        Self.markFlapping(check, was: previous, in: &incident, at: now)
        var outputs = raiseSeverity(&incident, from: before.severity, at: now)
        if incident.allChecksHealthy { outputs += resolve(&incident, at: now) }
        incidents[index] = incident
        return incident == before ? [] : outputs + [.changed(incident.id)]
    }

    private func resolve(_ incident: inout Incident, at now: Date) -> [IncidentOutput] {
        incident.status = .resolved
        incident.resolvedAt = now
        incident.record(.resolved, "every check is HEALTHY: " + incident.checkNames.joined(separator: ", "), at: now)
        let outputs = notify(audience(of: incident, settings.policy(for: incident.severity)), .resolved, &incident, at: now)
        return [.journal(.incidentResolved(incident))] + outputs
    }

    /// The severity follows its highest check; a raise brings in the new policy's auto actions and,
    /// when nobody was notified yet, its first level.
    private func raiseSeverity(_ incident: inout Incident, from previous: Severity, at now: Date) -> [IncidentOutput] {
        incident.severity = Self.highestSeverity(of: incident)
        guard incident.severity < previous else { return [] }
        incident.record(.severityRaised, "severity raised from \(previous.rawValue) to \(incident.severity.rawValue)", at: now)
        let old = settings.policy(for: previous)
        let new = settings.policy(for: incident.severity)
        var recipients = new.autoActions.filter { !old.autoActions.contains($0) }.map(IncidentNotification.Recipient.notifier)
        if incident.status == .open, incident.escalationLevel == 0, let first = new.path.first {
            incident.escalationLevel = 1
            incident.escalatedAt = now
            recipients.append(.role(first))
        }
        return notify(recipients, .opened, &incident, at: now)
    }

    /// Opening (or reopening): the auto actions run and the first level of the path is notified.
    private func startNotifying(_ incident: inout Incident, at now: Date) -> [IncidentOutput] {
        let policy = settings.policy(for: incident.severity)
        var recipients = policy.autoActions.map(IncidentNotification.Recipient.notifier)
        if let first = policy.path.first {
            incident.escalationLevel = 1
            recipients.append(.role(first))
        }
        return notify(recipients, .opened, &incident, at: now)
    }

    /// Nobody acknowledged within `respondWithin`: the next level, as many as were due (each at its
    /// own deadline); at the end of the path the last level again, once per call.
    private func escalate(_ incident: inout Incident, _ policy: EscalationPolicy, at now: Date) -> [IncidentOutput] {
        guard let deadline = escalationDeadline(of: incident), now >= deadline, let last = policy.path.last else { return [] }
        var outputs: [IncidentOutput] = []
        let wait = policy.respondWithin
        while now >= WallClock.date(incident.escalatedAt, plus: wait) {
            incident.escalatedAt = WallClock.date(incident.escalatedAt, plus: wait)
            if incident.escalationLevel < policy.path.count {
                incident.escalationLevel += 1
                let role = policy.path[incident.escalationLevel - 1]
                incident.record(.escalated, "not acknowledged within \(DurationText.format(wait)): escalated to \(role) "
                                    + "(level \(incident.escalationLevel))", at: now)
                outputs.append(.journal(.incidentEscalated(incident, role: role, repeated: false)))
                outputs += notify([.role(role)], .escalated, &incident, at: now)
            } else {
                while now >= WallClock.date(incident.escalatedAt, plus: wait) {
                    incident.escalatedAt = WallClock.date(incident.escalatedAt, plus: wait)
                }
                incident.record(.escalated, "still not acknowledged: notifying \(last) again", at: now)
                outputs.append(.journal(.incidentEscalated(incident, role: last, repeated: true)))
                outputs += notify([.role(last)], .escalated, &incident, at: now)
                break
            }
        }
        return outputs
    }

    /// An update to everyone told so far, every `updateEvery` until it resolves (acknowledged too).
    private func update(_ incident: inout Incident, _ policy: EscalationPolicy, at now: Date) -> [IncidentOutput] {
        guard let due = nextUpdate(of: incident), now >= due else { return [] }
        incident.lastUpdateAt = due
        while now >= WallClock.date(incident.lastUpdateAt, plus: policy.updateEvery) {
            incident.lastUpdateAt = WallClock.date(incident.lastUpdateAt, plus: policy.updateEvery)
        }
        let recipients = audience(of: incident, policy)
        let next = WallClock.date(incident.lastUpdateAt, plus: policy.updateEvery)
        return [.journal(.incidentUpdate(incident, recipients: recipients.map(\.name), nextUpdate: next))]
            + notify(recipients, .update, &incident, at: now)
    }

    private func notify(_ recipients: [IncidentNotification.Recipient], _ event: IncidentNotification.Event,
                        _ incident: inout Incident, at now: Date) -> [IncidentOutput] {
        guard !recipients.isEmpty else { return [] }
        incident.record(.notified, "\(event.rawValue): " + recipients.map(Self.text).joined(separator: ", "), at: now)
        let snapshot = incident
        return recipients.map { .notify(IncidentNotification(recipient: $0, event: event, incident: snapshot)) }
    }

    // MARK: - Helpers

    /// Everyone told of `incident` so far, by the current settings.
    public func audience(of incident: Incident) -> [IncidentNotification.Recipient] {
        audience(of: incident, settings.policy(for: incident.severity))
    }

    /// Everyone told of the incident so far: its auto actions and the levels already notified.
    private func audience(of incident: Incident, _ policy: EscalationPolicy) -> [IncidentNotification.Recipient] {
        var recipients = policy.autoActions.map(IncidentNotification.Recipient.notifier)
        for role in policy.path.prefix(incident.escalationLevel) where !recipients.contains(.role(role)) {
            recipients.append(.role(role))
        }
        return recipients
    }

    private func escalationDeadline(of incident: Incident) -> Date? {
        let policy = settings.policy(for: incident.severity)
        guard incident.status == .open, incident.escalationLevel >= 1, !policy.path.isEmpty,
              policy.respondWithin > .zero else { return nil }
        return WallClock.date(incident.escalatedAt, plus: policy.respondWithin)
    }

    private func activeIndex(of check: String) -> Int? {
        incidents.firstIndex { $0.status != .resolved && $0.contains(check: check) }
    }

    /// The latest incident of `check` resolved no longer than `reopenWithin` ago.
    private func reopenableIndex(of check: String, at now: Date) -> Int? {
        incidents.indices.filter { index in
            let incident = incidents[index]
            guard incident.status == .resolved, incident.contains(check: check), let resolvedAt = incident.resolvedAt else { return false }
            return now <= WallClock.date(resolvedAt, plus: settings.reopenWithin)
        }.max { (incidents[$0].resolvedAt ?? .distantPast) < (incidents[$1].resolvedAt ?? .distantPast) }
    }

    /// The next number of `now`'s UTC day: past every id of that day still kept and the last one issued.
    private func nextID(at now: Date) -> IncidentID {
        let day = IncidentID(openedOn: now, number: 1).day
        var highest = incidents.filter { $0.id.day == day }.map(\.id.number).max() ?? 0
        if let lastIssued, lastIssued.day == day { highest = max(highest, lastIssued.number) }
        return IncidentID(openedOn: now, number: highest + 1)
    }

    private static func put(_ check: Incident.Check, into incident: inout Incident) {
        if let position = incident.checks.firstIndex(where: { $0.name == check.name }) {
            incident.checks[position] = check
        } else {
            incident.checks.append(check)
        }
    }

    /// A flapping episode's start and end as `check-changed` entries marked `flapping`, so the review
    /// counts episodes per check.
    private static func markFlapping(_ check: Incident.Check, was previous: Incident.Check?, in incident: inout Incident,
                                     at now: Date) {
        let before = previous?.flapping ?? false
        guard check.flapping != before else { return }
        let text = check.flapping ? "\(check.name) started flapping (\(check.status.rawValue))"
                                  : "\(check.name) stopped flapping (\(check.status.rawValue))"
        incident.record(IncidentTimelineEntry(at: now, kind: .checkChanged, text: text, check: check.name, flapping: check.flapping))
    }

    /// P0 is the highest (`Severity` orders P0 first).
    private static func highestSeverity(of incident: Incident) -> Severity {
        incident.checks.map(\.severity).min() ?? incident.severity
    }

    private static func because(_ reason: String) -> String {
        reason.isEmpty ? "" : ": \(reason)"
    }

    static func text(_ recipient: IncidentNotification.Recipient) -> String {
        switch recipient {
        case let .role(role): "role \(role)"
        case let .notifier(notifier): "notifier \(notifier)"
        }
    }
}
