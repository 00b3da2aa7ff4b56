import FoundationEssentials

/// The journal entries of maintenance windows and silences; each carries `MAINTENANCE` (the
/// window's name or the silence's id), `CHECKS` (`*` for every check) and `UNTIL`, a silence
/// also `SILENCE_ID`, `REASON` and `BY`.
extension JournalEvent {
    private static func coverFields(_ cover: MaintenanceCalendar.Cover) -> [Field] {
        var fields = [Field("MAINTENANCE", cover.name), Field("CHECKS", checksText(cover.checks)),
                      Field("UNTIL", WallClock.text(cover.until))]
        if case .silence(let id) = cover.source { fields.append(Field("SILENCE_ID", id)) }
        if let reason = cover.reason { fields.append(Field("REASON", reason)) }
        if let by = cover.by { fields.append(Field("BY", by)) }
        return fields
    }

    private static func checksText(_ checks: [String]) -> String {
        checks.isEmpty ? "*" : checks.joined(separator: " ")
    }

    private static func checksPhrase(_ checks: [String]) -> String {
        checks.isEmpty ? "every check" : checks.joined(separator: ", ")
    }

    private static func cover(of silence: Silence) -> MaintenanceCalendar.Cover {
        MaintenanceCalendar.Cover(source: .silence(silence.id), checks: silence.checks, from: silence.from, until: silence.until,
                                  reason: silence.reason, by: silence.by)
    }

    public static func silenceAdded(_ silence: Silence) -> JournalEvent {
        JournalEvent(kind: .silenceAdded, priority: .notice,
                     message: "\(silence.by) silenced \(checksPhrase(silence.checks)) until \(WallClock.text(silence.until)) "
                         + "(\(silence.id)): \(silence.reason)",
                     fields: coverFields(cover(of: silence)))
    }

    public static func silenceRemoved(_ silence: Silence, by: String) -> JournalEvent {
        JournalEvent(kind: .silenceRemoved, priority: .notice,
                     message: "\(by) removed silence \(silence.id) of \(checksPhrase(silence.checks))",
                     fields: coverFields(cover(of: silence)) + [Field("REMOVED_BY", by)])
    }

    public static func silenceExpired(_ silence: Silence) -> JournalEvent {
        JournalEvent(kind: .silenceExpired, priority: .notice,
                     message: "silence \(silence.id) of \(checksPhrase(silence.checks)) ended", fields: coverFields(cover(of: silence)))
    }

    public static func maintenanceStarted(_ cover: MaintenanceCalendar.Cover) -> JournalEvent {
        JournalEvent(kind: .maintenanceStarted, priority: .notice,
                     message: "maintenance window \(cover.name) started for \(checksPhrase(cover.checks)) until \(WallClock.text(cover.until))",
                     fields: coverFields(cover))
    }

    public static func maintenanceEnded(_ cover: MaintenanceCalendar.Cover) -> JournalEvent {
        JournalEvent(kind: .maintenanceEnded, priority: .notice,
                     message: "maintenance window \(cover.name) for \(checksPhrase(cover.checks)) ended", fields: coverFields(cover))
    }
}
