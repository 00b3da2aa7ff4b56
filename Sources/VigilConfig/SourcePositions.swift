/// Where the tables and keys of one file are, found by a light line scan of its text, because the
/// TOML parser does not expose node positions. It knows the common layout (headers and `key =` lines
/// at the start of a line); anything it cannot place simply gets no line number.
struct SourcePositions: Sendable {
    struct Position: Equatable, Sendable {
        var line: Int
        var column: Int
    }

    private var headers: [ConfigSection: Position] = [:]
    private var keys: [ConfigSection: [String: Position]] = [:]

    init(text: String) {
        var section: ConfigSection? = .root
        var prefix = ""
        /// How many of each array of tables came so far.
        var counts: [String: Int] = [:]
        var multilineDelimiter: String?
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            if let delimiter = multilineDelimiter {
                if rawLine.contains(delimiter) { multilineDelimiter = nil }
                continue
            }
            let indent = rawLine.prefix { $0 == " " || $0 == "\t" }.count
            let content = rawLine.dropFirst(indent)
            let position = Position(line: lineNumber, column: indent + 1)
            if content.hasPrefix("[[") {
                let name = Self.headerName(content.dropFirst(2))
                if name.count == 1, let array = Self.tableArrays[name[0]] {
                    counts[name[0], default: 0] += 1
                    let arraySection = array(counts[name[0]]!)
                    section = arraySection
                    prefix = ""
                    headers[arraySection] = position
                    record(.root, name[0], position)
                } else {
                    section = nil
                }
            } else if content.hasPrefix("[") {
                let name = Self.headerName(content.dropFirst())
                prefix = ""
                switch name.first {
                case let table? where name.count == 1 && ConfigSection.singleTables[table] != nil:
                    let single = ConfigSection.singleTables[table]!
                    section = single
                    headers[single] = position
                    record(.root, table, position)
                case "database" where name.count == 2:
                    section = .database(name: name[1])
                    headers[.database(name: name[1])] = position
                case "remediation" where name.count == 2:
                    section = .remediation(name: name[1])
                    headers[.remediation(name: name[1])] = position
                case "escalation" where name.count == 2:
                    section = .escalation(name: name[1])
                    headers[.escalation(name: name[1])] = position
                case "role" where name.count == 2:
                    section = .role(name: name[1])
                    headers[.role(name: name[1])] = position
                case "notifier" where name.count == 2:
                    section = .notifier(name: name[1])
                    headers[.notifier(name: name[1])] = position
                case "check" where name.count >= 2 && counts["check", default: 0] > 0:
                    let check = ConfigSection.check(index: counts["check"]!)
                    section = check
                    prefix = name.dropFirst().joined(separator: ".") + "."
                    record(check, name[1], position)
                case let first?:
                    section = nil
                    record(.root, first, position)
                case nil:
                    section = nil
                }
            } else if let section, let key = Self.keyName(content) {
                record(section, prefix + key, position)
                let value = content.drop { $0 != "=" }
                for delimiter in ["\"\"\"", "'''"] where value.contains(delimiter) {
                    if value.components(separatedBy: delimiter).count == 2 { multilineDelimiter = delimiter }
                }
            }
        }
    }

    /// The arrays of tables (`[[check]]`), each entry a section of its own by position.
    private static let tableArrays: [String: @Sendable (Int) -> ConfigSection] = [
        "check": ConfigSection.check, "sample": ConfigSection.sample, "maintenance": ConfigSection.maintenance,
        "request": ConfigSection.request,
    ]

    private mutating func record(_ section: ConfigSection, _ key: String, _ position: Position) {
        if keys[section]?[key] == nil { keys[section, default: [:]][key] = position }
    }

    /// The position of `key` (or of its nearest enclosing key: `warning` for `warning.latency_ms`,
    /// `argv` for `argv[0]`) in `section`; the section's header when the key is not found or not given.
    func position(of key: String?, in section: ConfigSection) -> Position? {
        guard var candidate = key.map({ String($0.prefix { $0 != "[" }) }) else { return headers[section] }
        while true {
            if let found = keys[section]?[candidate] { return found }
            guard let dot = candidate.lastIndex(of: ".") else { break }
            candidate = String(candidate[..<dot])
        }
        return headers[section]
    }

    /// `daemon`, `database.primary` or `database."x"` split into its parts, quotes removed.
    private static func headerName(_ text: Substring) -> [String] {
        guard let end = text.firstIndex(of: "]") else { return [] }
        return text[..<end].split(separator: ".").map {
            $0.trimmingCharacters(in: [" ", "\t", "\"", "'"])
        }
    }

    /// The (possibly dotted) key of a `key = value` line.
    private static func keyName(_ content: Substring) -> String? {
        guard let equals = content.firstIndex(of: "="), !content.hasPrefix("#") else { return nil }
        let parts = content[..<equals].split(separator: ".").map {
            $0.trimmingCharacters(in: [" ", "\t", "\"", "'"])
        }
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return parts.joined(separator: ".")
    }
}

private extension Substring.SubSequence {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }

    func components(separatedBy separator: String) -> [Substring] {
        split(separator: separator, omittingEmptySubsequences: false)
    }
}
