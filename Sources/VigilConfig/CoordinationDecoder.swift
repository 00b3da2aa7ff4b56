import TOMLKit
import VigilCore

/// Reads `[coordination]`: `database` (a `[database.NAME]`, checked once every file is read),
/// `host` and `session_timeout`.
enum CoordinationDecoder {
    static let keys = ["database", "host", "session_timeout"]

    static func decode(_ table: TOMLTable, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> CoordinationSettings? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        let database = reader.string("database", required: true, &diagnostics)
        let host = reader.string("host", &diagnostics)
        if let host, host.isEmpty || host.contains(where: { $0.isNewline || $0 == "\0" }) || host.utf8.count > 255 {
            diagnostics.report(scope, key: "host", "must be a name on one line of at most 255 bytes, got \(ValueText.quoted(host))")
        }
        var timeout = reader.duration("session_timeout", &diagnostics)
        if let given = timeout, given < .seconds(2) {
            diagnostics.report(scope, key: "session_timeout", "must be at least 2s (a keepalive needs a probe and an answer), got \(DurationText.format(given))")
            timeout = nil
        }
        reader.reportUnreadKeys(validKeys: keys, &diagnostics)
        guard diagnostics.count == errorsBefore, let database else { return nil }
        return CoordinationSettings(database: database, host: host, sessionTimeout: timeout ?? CoordinationSettings.defaultSessionTimeout)
    }
}
