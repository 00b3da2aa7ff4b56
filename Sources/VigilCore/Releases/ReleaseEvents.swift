/// The journal entries of release tracking; each carries `RELEASE` (the version concerned), a
/// change also `PREVIOUS_RELEASE` and `LAST_KNOWN_GOOD`.
extension JournalEvent {
    public static func release(_ event: ReleaseTracker.Event, source: String) -> JournalEvent {
        switch event {
        case .changed(let from, let to, let lastKnownGood):
            var fields = [Field("RELEASE", to), Field("RELEASE_SOURCE", source)]
            if let from { fields.append(Field("PREVIOUS_RELEASE", from)) }
            if let lastKnownGood { fields.append(Field("LAST_KNOWN_GOOD", lastKnownGood)) }
            let good = lastKnownGood.map { " (last known good: \($0))" } ?? " (no last known good yet)"
            return JournalEvent(kind: .releaseChanged, priority: .notice,
                                message: from.map { "release changed from \($0) to \(to)\(good)" } ?? "release \(to) is running\(good)",
                                fields: fields)
        case .becameGood(let version, let stableFor):
            return JournalEvent(kind: .releaseGood, priority: .info,
                                message: "release \(version) is the last known good: \(DurationText.format(stableFor)) with no check confirmed CRITICAL",
                                fields: [Field("RELEASE", version), Field("LAST_KNOWN_GOOD", version),
                                         Field("STABLE_FOR", DurationText.format(stableFor))])
        case .readFailed(let reason):
            return JournalEvent(kind: .releaseReadFailed, priority: .warning,
                                message: "the running release cannot be read from \(source): \(reason)",
                                fields: [Field("RELEASE_SOURCE", source), Field("REASON", reason)])
        case .readRecovered(let version):
            return JournalEvent(kind: .releaseReadFailed, priority: .notice,
                                message: "the running release can be read again from \(source): \(version)",
                                fields: [Field("RELEASE", version), Field("RELEASE_SOURCE", source), Field("RECOVERED", "1")])
        }
    }
}
