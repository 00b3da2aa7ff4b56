/// The journal entries the daemon writes about itself and its schedule, built here so that their
/// text and fields are decided in one place and tested without a journal.
extension JournalEvent {
    public static func started(_ configuration: VigilConfiguration, version: String) -> JournalEvent {
        JournalEvent(kind: .daemonStarted, priority: .info,
                     message: "vigil \(version) started: \(configuration.summary)",
                     fields: [Field("VERSION", version), Field("CONFIG_FILES", configuration.sources.joined(separator: " "))])
    }

    public static func stopping(signal: String) -> JournalEvent {
        JournalEvent(kind: .daemonStopping, priority: .info, message: "vigil stopping on \(signal)",
                     fields: [Field("SIGNAL", signal)])
    }

    public static func reloaded(_ configuration: VigilConfiguration, change: CheckSetChange) -> JournalEvent {
        JournalEvent(kind: .configReloaded, priority: .notice,
                     message: "configuration reloaded: \(configuration.summary); \(change.summary)",
                     fields: [Field("CONFIG_FILES", configuration.sources.joined(separator: " ")),
                              Field("CHECKS_ADDED", change.added.map(\.name).joined(separator: " ")),
                              Field("CHECKS_REMOVED", change.removed.joined(separator: " ")),
                              Field("CHECKS_CHANGED", change.changed.map(\.name).joined(separator: " "))])
    }

    /// A reload that failed validation; the previous configuration keeps running.
    public static func reloadRejected(errors: [String]) -> JournalEvent {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        return JournalEvent(kind: .configRejected, priority: .error,
                            message: "reload rejected, keeping the running configuration (\(count)): "
                                + errors.joined(separator: "; "),
                            fields: [Field("REASON", errors.first ?? ""), Field("ERRORS", errors.joined(separator: "\n"))])
    }

    /// A check still running at its next tick: the tick is skipped, once per episode logged.
    public static func overrun(_ check: CheckDefinition) -> JournalEvent {
        JournalEvent(kind: .checkOverrun, priority: .warning,
                     message: "\(check.name) is still running at its next tick; skipping runs until it finishes",
                     fields: [Field("CHECK", check.name), Field("CHECK_KIND", check.kind.name),
                              Field("INTERVAL", DurationText.format(check.interval)),
                              Field("TIMEOUT", DurationText.format(check.timeout))])
    }

    public static func daemonError(_ message: String, reason: String) -> JournalEvent {
        JournalEvent(kind: .daemonError, priority: .error, message: "\(message): \(reason)",
                     fields: [Field("REASON", reason)])
    }

    /// The saved engine state could not be trusted: it was moved aside (or could not even be
    /// moved) and the engine starts clean, with full budgets and closed breakers.
    public static func stateSetAside(path: String, movedTo: String?, reason: String) -> JournalEvent {
        let moved = movedTo.map { "moved to \($0)" } ?? "left in place (it could not be moved)"
        var fields = [Field("STATE_FILE", path), Field("REASON", reason)]
        if let movedTo { fields.append(Field("MOVED_TO", movedTo)) }
        return JournalEvent(kind: .stateSetAside, priority: .error,
                            message: "saved state \(path) is unusable (\(reason)), \(moved); starting with a clean state",
                            fields: fields)
    }

    /// Saving the engine state failed (a full or read-only disk); said at a limited rate.
    public static func stateWriteFailed(_ reason: String, failuresUnsaid: Int) -> JournalEvent {
        let unsaid = failuresUnsaid > 0 ? " (\(failuresUnsaid) more failures since the last report)" : ""
        return JournalEvent(kind: .stateWriteFailed, priority: .error,
                            message: "cannot save state: \(reason)\(unsaid); decisions go on in memory",
                            fields: [Field("REASON", reason), Field("FAILURES_UNSAID", String(failuresUnsaid))])
    }

    /// Saving the engine state works again.
    public static func stateWriteRecovered(path: String, failuresUnsaid: Int) -> JournalEvent {
        JournalEvent(kind: .stateWriteRecovered, priority: .notice,
                     message: "state saved to \(path) again" + (failuresUnsaid > 0 ? " after \(failuresUnsaid) unreported failures" : ""),
                     fields: [Field("STATE_FILE", path), Field("FAILURES_UNSAID", String(failuresUnsaid))])
    }
}
