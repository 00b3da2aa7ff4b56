import FoundationEssentials

/// The journal entries of rollbacks. Each carries `RELEASE` (the bad release) and
/// `RESTORED_VERSION` (the last known good); the seed's RollbackResult fields `ROLLBACK_EXECUTED`,
/// `SUCCESS`, `ROLLBACK_TIME_MS`, `ERROR` and `STEP` are on the outcome.
extension JournalEvent {
    public static func rollbackStarted(_ run: RollbackRun, epoch: Int64? = nil) -> JournalEvent {
        let why = run.requestedBy.map { "by hand (vigil rollback, by \($0))" } ?? "because \(run.checks.joined(separator: ", ")) \(run.checks.count == 1 ? "is" : "are") confirmed CRITICAL since it was deployed"
        return JournalEvent(kind: .rollbackStarted, priority: .warning,
                            message: "rolling release \(run.bad) back to \(run.target) \(why): \(run.steps.count) step\(run.steps.count == 1 ? "" : "s")",
                            fields: base(run) + [Field("CHECKS", run.checks.joined(separator: " ")), Field("STEPS", String(run.steps.count))]
                                + (run.requestedBy.map { [Field("BY", $0)] } ?? []) + (epoch.map { [Field("EPOCH", String($0))] } ?? []))
    }

    public static func rollbackStep(_ run: RollbackRun, index: Int, succeeded: Bool, detail: String, duration: Duration) -> JournalEvent {
        let step = run.steps[index]
        return JournalEvent(kind: .rollbackStep, priority: succeeded ? .info : .error,
                            message: "rollback of \(run.bad), step \(index + 1)/\(run.steps.count) \(step.summary): "
                                + (succeeded ? "done" + (detail.isEmpty || detail == "0" || step.summary.hasSuffix(detail) ? "" : " (\(detail))") : "failed: \(detail)"),
                            fields: base(run) + [Field("STEP", String(index + 1)), Field("STEP_KIND", step.kindName),
                                                 Field("STEP_SUMMARY", step.summary), Field("SUCCESS", succeeded ? "1" : "0"),
                                                 Field("DETAIL", detail), Field("DURATION_MS", String(DurationText.milliseconds(duration)))])
    }

    public static func rollbackSucceeded(_ run: RollbackRun) -> JournalEvent {
        JournalEvent(kind: .rollbackSucceeded, priority: .notice,
                     message: "rolled release \(run.bad) back to \(run.target) in \(timeText(run)), verified for \(DurationText.format(run.verifyFor)); \(run.bad) is marked rolled back",
                     fields: base(run) + outcome(run, success: true))
    }

    public static func rollbackFailed(_ run: RollbackRun, _ failure: RollbackFailure, escalation: String) -> JournalEvent {
        JournalEvent(kind: .rollbackFailed, priority: .alert,
                     message: "the rollback of \(run.bad) to \(run.target) failed at \(failure.stepText): \(failure.reason); "
                         + "every plan and rollback on this host is held until `\(RollbackHold.resumeCommand)`\(escalation)",
                     fields: base(run) + outcome(run, success: false) + [
                         Field("ERROR", failure.reason), Field("STEP", failure.step.map { String($0 + 1) } ?? "verification"),
                         Field("RESUME_COMMAND", RollbackHold.resumeCommand),
                     ] + (failure.summary.map { [Field("STEP_SUMMARY", $0)] } ?? []))
    }

    /// Dry run: what would be done, step by step, nothing done.
    public static func rollbackDryRun(bad: String, target: String, checks: [String], steps: [RollbackStep]) -> JournalEvent {
        let list = steps.enumerated().map { "\($0.offset + 1). \($0.element.summary)" }.joined(separator: "; ")
        return JournalEvent(kind: .rollbackDryRun, priority: .notice,
                            message: "dry-run: would roll release \(bad) back to \(target) because \(checks.joined(separator: ", ")) confirmed CRITICAL: \(list)",
                            fields: [Field("RELEASE", bad), Field("RESTORED_VERSION", target), Field("CHECKS", checks.joined(separator: " ")),
                                     Field("ROLLBACK_EXECUTED", "0"), Field("DRY_RUN", "1")]
                                + steps.enumerated().map { Field("STEP_\($0.offset + 1)", $0.element.summary) })
    }

    public static func rollbackImpossible(bad: String, reason: String) -> JournalEvent {
        JournalEvent(kind: .rollbackImpossible, priority: .warning,
                     message: "release \(bad) fails but cannot be rolled back: \(reason)",
                     fields: [Field("RELEASE", bad), Field("REASON", reason), Field("ROLLBACK_EXECUTED", "0")])
    }

    /// `[coordination]`: this host would roll back but another leads, or the database is out of
    /// reach; said once per reason, asked again every third of `session_timeout`.
    public static func rollbackWaiting(bad: String, reason: String, host: String) -> JournalEvent {
        JournalEvent(kind: .rollbackWaiting, priority: .notice,
                     message: "release \(bad) would be rolled back here, but \(reason)",
                     fields: [Field("RELEASE", bad), Field("REASON", reason), Field("HOST", host), Field("ROLLBACK_EXECUTED", "0")])
    }

    /// `[coordination]`: another host's epoch is newer; this host stops and leaves the rollback to it.
    public static func rollbackFencedOff(_ run: RollbackRun, reason: String) -> JournalEvent {
        JournalEvent(kind: .rollbackFencedOff, priority: .warning,
                     message: "this host stops its rollback of \(run.bad): \(reason); the host that leads now finishes it",
                     fields: base(run) + [Field("REASON", reason)])
    }

    /// `[coordination]`: another host already rolled this release back (or failed to).
    public static func rollbackDoneElsewhere(bad: String, host: String, outcome: String) -> JournalEvent {
        JournalEvent(kind: .rollbackDoneElsewhere, priority: .notice,
                     message: "release \(bad) was already rolled back by \(host): \(outcome); nothing to do here",
                     fields: [Field("RELEASE", bad), Field("HOST", host), Field("OUTCOME", outcome), Field("ROLLBACK_EXECUTED", "0")])
    }

    /// `vigil rollback` asked for something the desk will not do.
    public static func rollbackRefused(by: String, reason: String) -> JournalEvent {
        JournalEvent(kind: .rollbackImpossible, priority: .warning,
                     message: "a rollback by hand (vigil rollback, by \(by)) is refused: \(reason)",
                     fields: [Field("BY", by), Field("REASON", reason), Field("ROLLBACK_EXECUTED", "0")])
    }

    public static func rollbackResumed(_ hold: RollbackHold) -> JournalEvent {
        JournalEvent(kind: .rollbackResumed, priority: .notice,
                     message: "the hold left by the failed rollback of \(hold.bad) is lifted: plans and rollbacks run again",
                     fields: [Field("RELEASE", hold.bad), Field("RESTORED_VERSION", hold.target),
                              Field("HELD_SINCE", WallClock.text(hold.since))])
    }

    private static func base(_ run: RollbackRun) -> [Field] {
        [Field("RELEASE", run.bad), Field("RESTORED_VERSION", run.target)]
    }

    private static func outcome(_ run: RollbackRun, success: Bool) -> [Field] {
        [Field("ROLLBACK_EXECUTED", "1"), Field("SUCCESS", success ? "1" : "0"),
         Field("ROLLBACK_TIME_MS", run.rollbackTime.map { String(DurationText.milliseconds($0)) } ?? "0")]
    }

    private static func timeText(_ run: RollbackRun) -> String {
        run.rollbackTime.map(DurationText.format) ?? "no time"
    }
}
