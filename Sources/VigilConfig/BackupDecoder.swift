import TOMLKit
import VigilCore

/// Reads `[backup]`: `database` and `destination` are required; paths are absolute; `units` are
/// unit names with their type suffix, each listed once.
enum BackupDecoder {
    static let keys = ["database", "storage", "config", "destination", "keep", "keep_for", "timeout", "pg_dump", "units", "verify", "daily_at", "every"]

    static func decode(_ table: TOMLTable, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> BackupSettings? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        let database = reader.string("database", required: true, &diagnostics)
        let destination = reader.absolutePath("destination", required: true, &diagnostics)
        var paths: [String: [String]] = [:]
        for key in ["storage", "config"] {
            guard let list = reader.stringArray(key, &diagnostics) else { continue }
            for (index, path) in list.enumerated() where !path.hasPrefix("/") || path.count < 2 {
                diagnostics.report(scope, key: "\(key)[\(index)]", "must be an absolute path other than /, got \(ValueText.quoted(path))")
            }
            paths[key] = list
        }
        let keep = reader.integer("keep", in: 1...10_000, &diagnostics)
        let keepFor = reader.duration("keep_for", &diagnostics)
        let timeout = reader.duration("timeout", &diagnostics)
        let pgDump = reader.absolutePath("pg_dump", &diagnostics)
        let units = reader.stringArray("units", &diagnostics)
        for (index, unit) in (units ?? []).enumerated() where !CheckDecoder.isUnitName(unit) {
            diagnostics.report(scope, key: "units[\(index)]",
                               "must be a unit name with its type suffix, such as \"alexandria-api.service\", got \(ValueText.quoted(unit))")
        }
        if let units, let repeated = units.first(where: { unit in units.filter { $0 == unit }.count > 1 }) {
            diagnostics.report(scope, key: "units", "lists \(ValueText.quoted(repeated)) twice")
        }
        let verify = reader.choice("verify", among: BackupVerifyMode.allCases.map(\.rawValue), &diagnostics)
        let schedule = decodeSchedule(&reader, scope: scope, &diagnostics)
        reader.reportUnreadKeys(validKeys: keys, &diagnostics)
        guard diagnostics.count == errorsBefore, let database, let destination else { return nil }
        var settings = BackupSettings(database: database, storage: paths["storage"] ?? [], config: paths["config"] ?? [],
                                      destination: destination)
        if let keep { settings.keep = keep }
        if let keepFor { settings.keepFor = keepFor }
        if let timeout { settings.timeout = timeout }
        if let pgDump { settings.pgDump = pgDump }
        if let units { settings.units = units }
        if let verify { settings.verify = BackupVerifyMode(rawValue: verify) ?? .files }
        settings.schedule = schedule
        return settings
    }

    /// `daily_at = "HH:MM"` (local time) or `every = DURATION` (at least 1s), not both.
    private static func decodeSchedule(_ reader: inout TableReader, scope: ErrorScope,
                                       _ diagnostics: inout Diagnostics) -> BackupSchedule? {
        if reader.contains("daily_at"), reader.contains("every") {
            diagnostics.report(scope, key: reader.displayKey("every"),
                               "give either daily_at (a nightly backup at a local time) or every (an interval), not both")
            reader.skip(["daily_at", "every"])
            return nil
        }
        if let text = reader.string("daily_at", &diagnostics) {
            guard let time = BackupSchedule.TimeOfDay(text) else {
                diagnostics.report(scope, key: reader.displayKey("daily_at"),
                                   "expected a local time HH:MM from 00:00 to 23:59 such as \"02:30\", got \(ValueText.quoted(text))")
                return nil
            }
            return .daily(at: time)
        }
        guard let interval = reader.duration("every", &diagnostics) else { return nil }
        guard interval >= BackupSchedule.minimumInterval else {
            diagnostics.report(scope, key: reader.displayKey("every"),
                               "must be at least \(DurationText.format(BackupSchedule.minimumInterval)), got \(DurationText.format(interval))")
            return nil
        }
        return .every(interval)
    }
}
