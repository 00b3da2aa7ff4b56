/// Who is told about an incident of one severity, and how fast it climbs when nobody answers:
/// the seed's escalation matrix, one entry per severity.
public struct EscalationPolicy: Codable, Equatable, Sendable {
    /// How long a level has to acknowledge before the next level is notified.
    public var respondWithin: Duration
    /// Role names, notified one after the other; the last one is repeated every `respondWithin`.
    public var path: [String]
    /// Notifier names told at once when an incident opens (`alert-team`, `create-incident`, `start-bridge`).
    public var autoActions: [String]
    /// How often an unresolved incident's audience gets an update (the template's `{next_update_time}`).
    public var updateEvery: Duration

    public static let defaultUpdateEvery = Duration.seconds(30 * 60)

    public init(respondWithin: Duration, path: [String], autoActions: [String],
                updateEvery: Duration = EscalationPolicy.defaultUpdateEvery) {
        self.respondWithin = respondWithin
        self.path = path
        self.autoActions = autoActions
        self.updateEvery = updateEvery
    }

    /// Nobody is notified: the incident is only recorded and journaled (P2 and P3 by default).
    public static let none = EscalationPolicy(respondWithin: .seconds(60 * 60), path: [], autoActions: [])

    /// The seed's matrix: P0 within 5 minutes up to the CTO, P1 within 15 minutes up to the tech lead.
    public static let seedMatrix: [Severity: EscalationPolicy] = [
        .p0: EscalationPolicy(respondWithin: .seconds(5 * 60),
                              path: ["on-call-engineer", "tech-lead", "engineering-manager", "cto"],
                              autoActions: ["alert-team", "create-incident", "start-bridge"]),
        .p1: EscalationPolicy(respondWithin: .seconds(15 * 60),
                              path: ["on-call-engineer", "tech-lead"],
                              autoActions: ["alert-team", "create-incident"]),
        .p2: .none,
        .p3: .none,
    ]
}
