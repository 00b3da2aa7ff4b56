import FoundationEssentials
import TOMLKit
import VigilCore

/// Reads one `[[maintenance]]` table: a `name`, the `checks` it silences (all when absent), and
/// either a recurring schedule (`days`, `start`, `duration`) or a one-off `from`/`until`.
enum MaintenanceDecoder {
    static let keys = ["name", "checks", "days", "start", "duration", "from", "until"]
    static let scheduleKeys = ["days", "start", "duration"]
    static let onceKeys = ["from", "until"]

    /// One table as the file wrote it; check names are looked up once every file is read.
    struct Draft: Sendable {
        var scope: ErrorScope
        var window: MaintenanceWindow?
        var checks: [String]
    }

    static func decode(_ table: TOMLTable, index: Int, file: String, _ diagnostics: inout Diagnostics) -> Draft {
        // Name the table after the window when it has a name, so errors read `maintenance "nightly": days[0]: ...`.
        let nameValue = zip(table.keys, table.values).first { $0.0 == "name" }?.1.string
        var reader = TableReader(table, scope: ErrorScope(file: file, section: .maintenance(index: index),
                                                          table: nameValue.map { "maintenance \(ValueText.quoted($0))" } ?? "maintenance[\(index)]"))
        let scope = reader.scope
        let errorsBefore = diagnostics.count
        let name = reader.string("name", required: true, &diagnostics)
        if let name, !CheckSchema.isValidName(name) {
            diagnostics.report(scope, key: "name", "a maintenance name must be made of letters, digits, \"_\", \".\" and \"-\", got \(ValueText.quoted(name))")
        }
        let checks = reader.stringArray("checks", &diagnostics) ?? []
        let recurring = scheduleKeys.contains(where: reader.contains)
        let once = onceKeys.contains(where: reader.contains)
        var timing: MaintenanceWindow.Timing?
        switch (recurring, once) {
        case (true, true):
            diagnostics.report(scope, key: "from",
                               "give either a recurring schedule (days, start, duration) or a one-off from and until, not both")
            reader.skip(scheduleKeys + onceKeys)
        case (false, false):
            diagnostics.report(scope, "give a recurring schedule (days, start, duration) or a one-off from and until")
        case (true, false):
            timing = decodeRecurring(&reader, &diagnostics)
        case (false, true):
            timing = decodeOnce(&reader, &diagnostics)
        }
        reader.reportUnreadKeys(validKeys: keys, &diagnostics)
        guard diagnostics.count == errorsBefore, let name, let timing else { return Draft(scope: scope, window: nil, checks: checks) }
        return Draft(scope: scope, window: MaintenanceWindow(name: name, checks: checks, timing: timing), checks: checks)
    }

    /// `days = ["sun", …]`, `start = "HH:MM"` (local time), `duration = "2h"`, all three required.
    private static func decodeRecurring(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> MaintenanceWindow.Timing? {
        let scope = reader.scope
        let errorsBefore = diagnostics.count
        var days: Set<Weekday> = []
        if let names = reader.stringArray("days", required: true, &diagnostics) {
            if names.isEmpty { diagnostics.report(scope, key: "days", "must name at least one day") }
            let allowed = Weekday.allCases.map(\.name)
            for (index, name) in names.enumerated() {
                if let day = Weekday(name: name) {
                    days.insert(day)
                } else {
                    diagnostics.report(scope, key: "days[\(index)]",
                                       "must be one of \(ValueText.alternatives(allowed)), got \(ValueText.quoted(name))"
                                       + KeySuggestion.hint(for: name.lowercased(), among: allowed))
                }
            }
        }
        var start: BackupSchedule.TimeOfDay?
        if let text = reader.string("start", required: true, &diagnostics) {
            start = BackupSchedule.TimeOfDay(text)
            if start == nil {
                diagnostics.report(scope, key: "start",
                                   "expected a local time HH:MM from 00:00 to 23:59 such as \"02:00\", got \(ValueText.quoted(text))")
            }
        }
        if !reader.contains("duration") { reader.reportMissing("duration", &diagnostics) }
        let duration = reader.duration("duration", &diagnostics)
        guard diagnostics.count == errorsBefore, let start, let duration else { return nil }
        return .recurring(days: days, start: start, duration: duration)
    }

    /// `from` and `until`: TOML date-times with their offset, `until` after `from`.
    private static func decodeOnce(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> MaintenanceWindow.Timing? {
        let from = instant("from", &reader, &diagnostics)
        let until = instant("until", &reader, &diagnostics)
        guard let from, let until else { return nil }
        guard until > from else {
            diagnostics.report(reader.scope, key: "until", "must be after from (\(WallClock.text(from))), got \(WallClock.text(until))")
            return nil
        }
        return .once(from: from, until: until)
    }

    private static func instant(_ key: String, _ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> Date? {
        guard let value = reader.value(key) else {
            reader.reportMissing(key, &diagnostics)
            return nil
        }
        let example = "such as 2027-01-15T22:00:00+01:00"
        guard let dateTime = value.dateTime else {
            diagnostics.report(reader.scope, key: key, "expected a date-time with its offset \(example), got \(ValueText.typeName(value.type))")
            return nil
        }
        guard let offset = dateTime.offset else {
            diagnostics.report(reader.scope, key: key, "give the date-time's offset from UTC (\(example), or Z for UTC)")
            return nil
        }
        let stamp = NumberText.zeroPadded(dateTime.date.year, width: 4) + NumberText.zeroPadded(dateTime.date.month, width: 2)
            + NumberText.zeroPadded(dateTime.date.day, width: 2) + "T" + NumberText.zeroPadded(dateTime.time.hour, width: 2)
            + NumberText.zeroPadded(dateTime.time.minute, width: 2) + NumberText.zeroPadded(min(dateTime.time.second, 59), width: 2) + "Z"
        guard let wall = CompactUTC.date(stamp) else {
            diagnostics.report(reader.scope, key: key, "is not a date-time Vigil can place (\(example))")
            return nil
        }
        return wall.addingTimeInterval(TimeInterval(-offset.offset * 60))
    }
}

extension MaintenanceDecoder {
    /// The file's `[[maintenance]]` array of tables.
    static func decodeAll(_ value: TOMLValue, file: String, root: ErrorScope, _ diagnostics: inout Diagnostics) -> [Draft] {
        guard let array = value.array else {
            diagnostics.report(root, key: "maintenance",
                               "expected an array of tables, got \(ValueText.typeName(value.type)): write each window as [[maintenance]]")
            return []
        }
        var drafts: [Draft] = []
        for (offset, element) in array.enumerated() {
            let index = offset + 1
            guard let table = element.tomlValue.table else {
                diagnostics.report(ErrorScope(file: file, section: .maintenance(index: index), table: "maintenance[\(index)]"),
                                   "expected a table, got \(ValueText.typeName(element.type)): write each window as [[maintenance]]")
                continue
            }
            drafts.append(decode(table, index: index, file: file, &diagnostics))
        }
        return drafts
    }

    /// Across all files: names are unique and every check named exists (with the closest name suggested).
    static func checkReferences(_ drafts: [Draft], checkNames: Set<String>, _ diagnostics: inout Diagnostics) -> [MaintenanceWindow] {
        var seen: [String: String] = [:]
        var windows: [MaintenanceWindow] = []
        let known = checkNames.sorted()
        for draft in drafts {
            for (index, check) in draft.checks.enumerated() where !checkNames.contains(check) {
                diagnostics.report(draft.scope, key: "checks[\(index)]",
                                   "no check named \(ValueText.quoted(check)) in any file" + KeySuggestion.hint(for: check, among: known))
            }
            guard let window = draft.window else { continue }
            if let earlier = seen[window.name] {
                diagnostics.report(draft.scope, key: "name", "duplicate maintenance name \(ValueText.quoted(window.name)): already defined in \(earlier)")
                continue
            }
            seen[window.name] = draft.scope.file
            windows.append(window)
        }
        return windows
    }
}
