import TOMLKit
import VigilCore

/// Reads the keys of one TOML table with the types the schema wants, reporting each mismatch, and
/// remembers which keys were read so that the rest can be reported as unknown.
struct TableReader {
    let scope: ErrorScope
    /// Put before every key in errors: `warning.` for the keys of a check's `warning` table.
    let keyPrefix: String
    /// The table's keys and values in the file's key order (toml++ keeps them sorted).
    let entries: [(key: String, value: TOMLValue)]
    private(set) var consumed: Set<String> = []

    init(_ table: TOMLTable, scope: ErrorScope, keyPrefix: String = "") {
        self.scope = scope
        self.keyPrefix = keyPrefix
        // `keys` and `values` are parallel; zipping them avoids looking keys up again by C string,
        // which would lose any key holding an escaped NUL.
        self.entries = Array(zip(table.keys, table.values)).map { (key: $0.0, value: $0.1) }
    }

    func contains(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    /// The raw value of `key`, now counted as read.
    mutating func value(_ key: String) -> TOMLValue? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        consumed.insert(key)
        return entry.value
    }

    /// Marks keys as read without looking at them (for example a kind's keys when the kind is unknown).
    mutating func skip(_ keys: [String]) {
        consumed.formUnion(keys)
    }

    /// The keys nobody read, in file order.
    var unreadKeys: [String] {
        entries.map(\.key).filter { !consumed.contains($0) }
    }

    func displayKey(_ key: String) -> String { keyPrefix + key }

    mutating func reportMissing(_ key: String, _ diagnostics: inout Diagnostics, detail: String = "") {
        diagnostics.report(scope, key: displayKey(key), "missing required key" + detail)
    }

    mutating func reportType(_ key: String, expected: String, got value: TOMLValue, _ diagnostics: inout Diagnostics) {
        diagnostics.report(scope, key: displayKey(key), "expected \(expected), got \(ValueText.typeName(value.type))")
    }

    // MARK: Typed reads: each returns nil after reporting what was wrong (or when an optional key is absent).

    mutating func string(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> String? {
        guard let value = value(key) else {
            if required { reportMissing(key, &diagnostics) }
            return nil
        }
        guard let text = value.string else {
            reportType(key, expected: "a string", got: value, &diagnostics)
            return nil
        }
        return text
    }

    /// A string that must be one of a fixed set of names (a kind, a severity, a method, a mode):
    /// anything else is reported with the names allowed and, with `suggest`, the closest one.
    mutating func choice(_ key: String, among names: [String], required: Bool = false, suggest: Bool = true,
                         _ diagnostics: inout Diagnostics) -> String? {
        let allowed = ValueText.alternatives(names)
        guard contains(key) else {
            if required { reportMissing(key, &diagnostics, detail: " (one of \(allowed))") }
            return nil
        }
        guard let text = string(key, &diagnostics) else { return nil }
        guard names.contains(text) else {
            diagnostics.report(scope, key: displayKey(key),
                               "must be \(names.count > 2 ? "one of " : "")\(allowed), got \(ValueText.quoted(text))"
                               + (suggest ? KeySuggestion.hint(for: text, among: names) : ""))
            return nil
        }
        return text
    }

    mutating func bool(_ key: String, _ diagnostics: inout Diagnostics) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.bool else {
            reportType(key, expected: "a boolean (true or false)", got: value, &diagnostics)
            return nil
        }
        return flag
    }

    /// An integer within `range`, such as a count of results or attempts.
    mutating func integer(_ key: String, in range: ClosedRange<Int>, _ diagnostics: inout Diagnostics) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.int else {
            reportType(key, expected: "an integer", got: value, &diagnostics)
            return nil
        }
        guard range.contains(number) else {
            let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)"
                : "from \(range.lowerBound) to \(range.upperBound)"
            diagnostics.report(scope, key: displayKey(key), "must be \(bounds), got \(number)")
            return nil
        }
        return number
    }

    /// A number (integer or decimal) greater than `lowerBound` and at most `upperBound`, such as a factor or a percentage.
    mutating func number(_ key: String, above lowerBound: Double, atMost upperBound: Double = .infinity,
                         _ diagnostics: inout Diagnostics) -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.double ?? value.int.map(Double.init) else {
            reportType(key, expected: "a number", got: value, &diagnostics)
            return nil
        }
        guard number > lowerBound, number <= upperBound, number.isFinite else {
            let bounds = upperBound == .infinity ? "greater than \(NumberText.format(lowerBound))"
                : "greater than \(NumberText.format(lowerBound)) and at most \(NumberText.format(upperBound))"
            diagnostics.report(scope, key: displayKey(key), "must be \(bounds), got \(NumberText.format(number))")
            return nil
        }
        return number
    }

    /// A size in bytes: `"100MB"`, `"1.5GB"`, `"512KiB"` (decimal and binary units), or a bare integer of bytes.
    mutating func byteSize(_ key: String, _ diagnostics: inout Diagnostics) -> Double? {
        guard let value = value(key) else { return nil }
        if let bytes = value.int, bytes > 0 { return Double(bytes) }
        guard let text = value.string, let bytes = ByteSizeText.parse(text), bytes > 0 else {
            let got = value.string.map(ValueText.quoted) ?? value.int.map { String($0) } ?? ValueText.typeName(value.type)
            diagnostics.report(scope, key: displayKey(key), "expected a size greater than zero such as \"100MB\", \"1.5GB\" or \"512KiB\", got \(got)")
            return nil
        }
        return bytes
    }

    /// A positive duration string such as `"15s"`.
    mutating func duration(_ key: String, _ diagnostics: inout Diagnostics) -> Duration? {
        guard let value = value(key) else { return nil }
        guard let text = value.string else {
            var message = "expected a duration string such as \"15s\", got \(ValueText.typeName(value.type))"
            if let number = value.int { message += " (write \"\(number)s\" for seconds)" }
            diagnostics.report(scope, key: displayKey(key), message)
            return nil
        }
        guard let duration = DurationText.parse(text) else {
            diagnostics.report(scope, key: displayKey(key),
                               "expected a duration such as \"750ms\", \"15s\", \"5m\" or \"1h\", got \(ValueText.quoted(text))")
            return nil
        }
        guard duration > .zero else {
            diagnostics.report(scope, key: displayKey(key), "must be greater than zero, got \(ValueText.quoted(text))")
            return nil
        }
        return duration
    }

    /// A duration of at least a second: what a timer or a stretch of time Vigil waits may be.
    mutating func durationOfASecondOrMore(_ key: String, _ diagnostics: inout Diagnostics) -> Duration? {
        guard let duration = duration(key, &diagnostics) else { return nil }
        guard duration >= .seconds(1) else {
            diagnostics.report(scope, key: displayKey(key), "must be at least 1s, got \(DurationText.format(duration))")
            return nil
        }
        return duration
    }

    /// An absolute path string.
    mutating func absolutePath(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> String? {
        guard let path = string(key, required: required, &diagnostics) else { return nil }
        guard path.hasPrefix("/") else {
            diagnostics.report(scope, key: displayKey(key), "must be an absolute path, got \(ValueText.quoted(path))")
            return nil
        }
        return path
    }

    /// An array whose every element is a string.
    mutating func stringArray(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> [String]? {
        guard let value = value(key) else {
            if required { reportMissing(key, &diagnostics) }
            return nil
        }
        guard let array = value.array else {
            reportType(key, expected: "an array of strings", got: value, &diagnostics)
            return nil
        }
        var strings: [String] = []
        var valid = true
        for (index, element) in array.enumerated() {
            if let text = element.tomlValue.string {
                strings.append(text)
            } else {
                diagnostics.report(scope, key: displayKey("\(key)[\(index)]"),
                                   "expected a string, got \(ValueText.typeName(element.type))")
                valid = false
            }
        }
        return valid ? strings : nil
    }

    /// An array whose every element is an integer.
    mutating func integerArray(_ key: String, _ diagnostics: inout Diagnostics) -> [Int]? {
        guard let value = value(key) else { return nil }
        guard let array = value.array else {
            reportType(key, expected: "an array of integers", got: value, &diagnostics)
            return nil
        }
        var integers: [Int] = []
        var valid = true
        for (index, element) in array.enumerated() {
            if let number = element.tomlValue.int {
                integers.append(number)
            } else {
                diagnostics.report(scope, key: displayKey("\(key)[\(index)]"),
                                   "expected an integer, got \(ValueText.typeName(element.type))")
                valid = false
            }
        }
        return valid ? integers : nil
    }

    /// A table (inline or not).
    mutating func table(_ key: String, required: Bool = false, _ diagnostics: inout Diagnostics) -> TOMLTable? {
        guard let value = value(key) else {
            if required { reportMissing(key, &diagnostics) }
            return nil
        }
        guard let table = value.table else {
            reportType(key, expected: "a table", got: value, &diagnostics)
            return nil
        }
        return table
    }

    /// A number, integer or float, as a Double.
    static func number(_ value: TOMLValue) -> Double? {
        if let integer = value.int { return Double(integer) }
        return value.double
    }
}

extension TableReader {
    /// Reports every key nobody read: with `explain`'s message where it has one (a key of another
    /// check kind, say), else as unknown with the closest valid key suggested.
    func reportUnreadKeys(validKeys: [String], _ diagnostics: inout Diagnostics,
                          explain: (String) -> String? = { _ in nil }) {
        for key in unreadKeys {
            let message = explain(key) ?? "unknown key" + KeySuggestion.hint(for: key, among: validKeys)
            diagnostics.report(scope, key: displayKey(key), message)
        }
    }
}
