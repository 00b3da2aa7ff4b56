import FoundationEssentials

/// One result as a check's state remembers it.
public struct StatusSample: Codable, Equatable, Sendable {
    public var status: Status
    /// Wall-clock time, so a persisted history still means something after a reboot.
    public var at: Date

    public init(_ status: Status, at: Date) {
        self.status = status
        self.at = at
    }
}

/// What a new result changed in a check's state; the daemon journals each one.
public enum StateChange: Equatable, Sendable {
    /// The shown status changed without being confirmed: shown and logged as soft, it opens nothing.
    case softChange(from: Status, to: Status)
    /// A status is now confirmed (hard). `since` is the time of the earliest result that confirmed it.
    /// The very first confirmation of a check comes `from` UNKNOWN, even when it confirms HEALTHY.
    case confirmed(from: Status, to: Status, since: Date)
    /// HEALTHY is confirmed again after a confirmed non-HEALTHY status.
    case recovered(from: Status, since: Date)
}

/// The soft/hard state of one check: feeds on results, says when a status is confirmed.
///
/// Rules (N, M and K come from the `ConfirmationPolicy`):
/// - Every status but HEALTHY is *failing*; UNKNOWN counts as failing, because a check that cannot
///   be judged (a refused connection, a plugin that died) is most often a target in trouble.
/// - HEALTHY is confirmed by the last K results all being HEALTHY.
/// - A failing status is confirmed by the N most recent failing results, which must be the last N
///   results (`fail_after`) or lie within the last M (`fail_window`). Those N results confirm the
///   *mildest* status among them: each of them is at least that bad, so WARNING, CRITICAL, CRITICAL
///   confirms WARNING, and CRITICAL is confirmed only once N results in a row are CRITICAL. Remediation,
///   which acts on confirmed CRITICAL, therefore never fires on fewer than N CRITICAL results.
/// - Once a failing status is confirmed, it moves to a worse one when N confirming results are all
///   worse (to the mildest of them), and to a milder failing one when they are all milder (to the
///   worst of them); mixed results keep it where it is, so one WARNING amid CRITICALs changes nothing.
/// - Only results since the confirmed status began count toward failures: right after a recovery,
///   failures of the episode just ended do not fill a `fail_window` again, so one new blip never confirms.
/// - A new check starts unconfirmed at UNKNOWN ("not judged yet"). Its first results are soft changes
///   from UNKNOWN, and its first status is confirmed by the same rules, so a daemon that starts next to
///   a dead database confirms CRITICAL after N results, and a healthy one confirms HEALTHY after K.
///
/// Times are wall-clock `Date`s given by the caller, since this state is persisted across restarts.
public struct CheckState: Codable, Equatable, Sendable {
    /// May be replaced on reload; the history is kept and trimmed to the new policy's capacity.
    public var policy: ConfirmationPolicy
    /// The confirmed status; UNKNOWN until the first confirmation.
    public private(set) var hard: Status = .unknown
    /// When the confirmed status began (its earliest confirming result); `nil` until the first confirmation.
    public private(set) var since: Date?
    /// The latest results, oldest first, at most `policy.historyCapacity` of them.
    public private(set) var history: [StatusSample] = []
    /// How many of the latest results arrived since the confirmed status began (all of them before
    /// the first confirmation); failures are only looked for among these.
    private var resultsInHardState = 0

    public init(policy: ConfirmationPolicy = .default) {
        self.policy = policy
    }

    /// The status of the latest result, if any arrived.
    public var latest: Status? { history.last?.status }

    /// The latest status when it differs from the confirmed one (a pending change).
    public var soft: Status? {
        guard let latest, latest != hard else { return nil }
        return latest
    }

    /// Whether any status was ever confirmed for this check.
    public var isConfirmed: Bool { since != nil }

    /// Whether what is shown now is soft: a pending change, or a check never confirmed yet.
    public var isSoft: Bool { soft != nil || !isConfirmed }

    /// Records one result and returns what it changed: at most one confirmation and one soft change.
    public mutating func resultArrived(_ status: Status, at now: Date) -> [StateChange] {
        let previous = latest ?? hard
        history.append(StatusSample(status, at: now))
        resultsInHardState += 1
        if history.count > policy.historyCapacity {
            history.removeFirst(history.count - policy.historyCapacity)
        }

        var changes: [StateChange] = []
        var confirmedStatus: Status?
        if case let (target, confirmingSince)? = confirmationTarget() {
            let from = hard
            if from != .healthy, target == .healthy, isConfirmed {
                changes.append(.recovered(from: from, since: confirmingSince.at))
            } else {
                changes.append(.confirmed(from: from, to: target, since: confirmingSince.at))
            }
            hard = target
            since = confirmingSince.at
            resultsInHardState = history.count - confirmingSince.index
            confirmedStatus = target
        }
        if status != previous, status != confirmedStatus {
            changes.append(.softChange(from: previous, to: status))
        }
        return changes
    }

    /// The status the latest results confirm, when it differs from the confirmed one (or nothing is
    /// confirmed yet), with the earliest confirming result and its index in `history`.
    private func confirmationTarget() -> (Status, (at: Date, index: Int))? {
        let successes = policy.successesNeeded
        if history.count >= successes, history.suffix(successes).allSatisfy({ $0.status == .healthy }) {
            let first = history.count - successes
            return hard == .healthy && isConfirmed ? nil : (.healthy, (history[first].at, first))
        }

        let looked = min(policy.failureWindow, resultsInHardState, history.count)
        let failing = (history.count - looked..<history.count).filter { history[$0].status != .healthy }
        let confirming = failing.suffix(policy.failuresNeeded)
        guard confirming.count == policy.failuresNeeded, let first = confirming.first else { return nil }
        let statuses = confirming.map { history[$0].status }
        let mildest = statuses.min(by: { $0.badness < $1.badness })!
        let worst = statuses.max(by: { $0.badness < $1.badness })!
        let confirmingSince = (history[first].at, first)

        guard isConfirmed, hard != .healthy else { return (mildest, confirmingSince) }
        if mildest.badness > hard.badness { return (mildest, confirmingSince) }
        if worst.badness < hard.badness { return (worst, confirmingSince) }
        return nil
    }
}
