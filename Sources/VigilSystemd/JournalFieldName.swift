/// Turns any text into a field name journald accepts, so no field is silently dropped by it.
///
/// journald keeps only names of `[A-Z0-9_]`, at most 64 bytes, not starting with a digit, and
/// reserves a leading `_` for fields it adds itself (`_PID`, `_SYSTEMD_UNIT`, …).
enum JournalFieldName {
    static let maximumLength = 64

    /// Names the writer sets itself; an event field with one of these names is renamed, not merged.
    static let reserved: Set<String> = ["MESSAGE", "MESSAGE_ID", "PRIORITY", "SYSLOG_IDENTIFIER"]

    /// The journal-safe form of `name`, or `nil` when nothing usable is left of it.
    static func sanitized(_ name: String) -> String? {
        var result = String(name.uppercased().map { character -> Character in
            switch character {
            case "A"..."Z", "0"..."9", "_": character
            default: "_"
            }
        })
        while result.first == "_" { result.removeFirst() }
        guard let first = result.first else { return nil }
        if first.isNumber || reserved.contains(result) { result = "FIELD_" + result }
        return String(result.prefix(maximumLength))
    }
}
