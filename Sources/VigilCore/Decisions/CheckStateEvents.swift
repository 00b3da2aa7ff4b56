import FoundationEssentials

/// The journal entries for what the engine decided about a check's state: soft changes,
/// confirmations, flapping and dependency suppression. Confirmations reuse the per-status kinds
/// (`check-critical`, `check-recovered`, …) so that those MESSAGE_IDs keep meaning "this is real";
/// the other entries have kinds of their own, so a soft change never matches a confirmed one.
extension JournalEvent {
    /// A result changed the shown status without confirming it: it opens nothing.
    public static func softStateChanged(check: String, from previous: Status, to status: Status,
                                        confirmed: Status, reason: String) -> JournalEvent {
        JournalEvent(kind: .checkSoftChange, priority: status == .healthy ? .info : .notice,
                     message: "\(check) is \(status.rawValue), not confirmed yet (was \(previous.rawValue), "
                         + "confirmed \(confirmed.rawValue)): \(reason)",
                     fields: [Field("CHECK", check), Field("STATUS", status.rawValue),
                              Field("PREVIOUS_STATUS", previous.rawValue), Field("STATE_TYPE", "SOFT"),
                              Field("CONFIRMED_STATUS", confirmed.rawValue), Field("REASON", reason)])
    }

    /// A status is confirmed (hard): this is what incidents and remediation act on. The first
    /// confirmation of a check comes from UNKNOWN; HEALTHY confirmed then is `check-healthy`.
    /// The message reads as a plain status change (`database is CRITICAL (was HEALTHY): …`, no
    /// `was` part after UNKNOWN, which is what a check is before its first confirmation);
    /// `STATE_TYPE=HARD` and `SINCE` say it is confirmed and since when.
    public static func stateConfirmed(check: String, from previous: Status, to status: Status,
                                      since: Date, reason: String) -> JournalEvent {
        let kind: EventKind
        let priority: JournalPriority
        switch status {
        case .critical: (kind, priority) = (.checkCritical, .critical)
        case .warning: (kind, priority) = (.checkWarning, .warning)
        case .unknown: (kind, priority) = (.checkUnknown, .warning)
        case .healthy: (kind, priority) = (.checkHealthy, .info)
        }
        return hardState(kind: kind, priority: priority, check: check, from: previous, to: status,
                         since: since, reason: reason)
    }

    /// HEALTHY is confirmed again after a confirmed failing status.
    public static func stateRecovered(check: String, from previous: Status, since: Date,
                                      reason: String) -> JournalEvent {
        hardState(kind: .checkRecovered, priority: .notice, check: check, from: previous, to: .healthy,
                  since: since, reason: reason)
    }

    private static func hardState(kind: EventKind, priority: JournalPriority, check: String,
                                  from previous: Status, to status: Status, since: Date,
                                  reason: String) -> JournalEvent {
        let sinceText = since.formatted(.iso8601)
        return JournalEvent(kind: kind, priority: priority,
                            message: "\(check) is \(status.rawValue)\(previous == .unknown ? "" : " (was \(previous.rawValue))"): \(reason)",
                            fields: [Field("CHECK", check), Field("STATUS", status.rawValue),
                                     Field("PREVIOUS_STATUS", previous.rawValue), Field("STATE_TYPE", "HARD"),
                                     Field("SINCE", sinceText), Field("REASON", reason)])
    }

    /// The entry for one `StateChange`, with the confirmed status it left behind and the latest
    /// result's message as the reason.
    public static func stateChange(_ change: StateChange, check: String, confirmed: Status,
                                   reason: String) -> JournalEvent {
        switch change {
        case .softChange(let from, let to):
            softStateChanged(check: check, from: from, to: to, confirmed: confirmed, reason: reason)
        case .confirmed(let from, let to, let since):
            stateConfirmed(check: check, from: from, to: to, since: since, reason: reason)
        case .recovered(let from, let since):
            stateRecovered(check: check, from: from, since: since, reason: reason)
        }
    }

    /// A check started or stopped flapping; while it flaps, no remediation runs for it.
    public static func flapping(check: String, _ change: FlapChange, flapLow: Double,
                                flapHigh: Double) -> JournalEvent {
        let fields = { (percent: Double, decision: String) in
            [Field("CHECK", check), Field("FLAP_PERCENT", NumberText.format(percent)),
             Field("FLAP_LOW", NumberText.format(flapLow)), Field("FLAP_HIGH", NumberText.format(flapHigh)),
             Field("DECISION", decision)]
        }
        switch change {
        case .startedFlapping(let percent):
            return JournalEvent(kind: .checkFlappingStarted, priority: .warning,
                                message: "\(check) is flapping (\(NumberText.format(percent)) % state change, "
                                    + "above \(NumberText.format(flapHigh)) %); remediation paused",
                                fields: fields(percent, "flapping"))
        case .stoppedFlapping(let percent):
            return JournalEvent(kind: .checkFlappingStopped, priority: .notice,
                                message: "\(check) stopped flapping (\(NumberText.format(percent)) % state change, "
                                    + "below \(NumberText.format(flapLow)) %)",
                                fields: fields(percent, "stable"))
        }
    }

    /// A check is reported UNKNOWN and runs nothing of its own because a dependency is CRITICAL.
    public static func dependencySuppressed(check: String, _ suppression: Suppression) -> JournalEvent {
        JournalEvent(kind: .checkDependencySuppressed, priority: .notice,
                     message: "\(check) is \(Status.unknown.rawValue): \(suppression.reason)",
                     fields: [Field("CHECK", check), Field("STATUS", Status.unknown.rawValue),
                              Field("DEPENDENCY", suppression.dependency),
                              Field("DEPENDENCY_PATH", suppression.path.joined(separator: " ")),
                              Field("DECISION", "suppressed"), Field("REASON", suppression.reason)])
    }

    /// A suppressed check is judged on its own again: its dependency is no longer CRITICAL.
    public static func dependencyCleared(check: String, dependency: String) -> JournalEvent {
        let reason = "dependency \(dependency) is no longer \(Status.critical.rawValue)"
        return JournalEvent(kind: .checkDependencyCleared, priority: .info,
                            message: "\(check) is judged on its own again: \(reason)",
                            fields: [Field("CHECK", check), Field("DEPENDENCY", dependency),
                                     Field("DECISION", "unsuppressed"), Field("REASON", reason)])
    }
}
