/// Refuses, before parsing, the texts the TOML parser would mishandle: NUL characters (its C strings
/// end there, silently dropping the rest) and nesting deep enough to threaten a recursive parser's stack.
enum DocumentGuard {
    /// Far beyond any sensible config (a threshold table inside a check is 2 deep), far below any stack limit.
    static let maximumDepth = 32

    private enum Mode { case normal, comment, basic, literal, multilineBasic, multilineLiteral }

    /// A table header whose first key starts with something other than a key: toml++ 3.4 asserts on
    /// that (an abort in debug builds, undefined behaviour in release ones) instead of reporting it.
    private static func headerProblem(_ scalars: [Unicode.Scalar], opening: Int) -> String? {
        var index = opening + 1
        func skipBlanks() -> Bool {
            let start = index
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
            return index > start
        }
        let blankAfterFirst = skipBlanks()
        if index < scalars.count, scalars[index] == "[" {
            if blankAfterFirst { return nil }  // `[ [`: the parser reports that one itself
            index += 1
            _ = skipBlanks()
        }
        guard index < scalars.count else { return nil }
        let first = scalars[index]
        let startsKey = first == "]" || first == "\"" || first == "'" || first == "_" || first == "-"
            || (first.isASCII && (("a"..."z").contains(first) || ("A"..."Z").contains(first) || ("0"..."9").contains(first)))
        return startsKey ? nil : "a table header must start with a key, got \(ValueText.quoted(String(first)))"
    }

    static func problem(in text: String, file: String) -> ConfigError? {
        let scalars = Array(text.unicodeScalars)
        var mode = Mode.normal
        var depth = 0
        var dottedParts = 0
        var line = 1, column = 1
        var index = 0
        // Outside any value, a `[` opens a table header (or is an error the header check may report first).
        var valueStartedOnLine = false

        func error(_ message: String) -> ConfigError {
            ConfigError(file: file, line: line, column: column, message: message)
        }
        func next(_ literal: String) -> Bool {
            let wanted = Array(literal.unicodeScalars)
            guard index + wanted.count <= scalars.count else { return false }
            return Array(scalars[index..<index + wanted.count]) == wanted
        }
        func isNULEscape() -> Bool { next("\\u0000") || next("\\U00000000") }

        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\0" { return error("contains a NUL character") }
            var advance = 1
            switch mode {
            case .normal:
                switch scalar {
                case "#": mode = .comment
                case "\"":
                    if next("\"\"\"") { mode = .multilineBasic; advance = 3 } else { mode = .basic }
                case "'":
                    if next("'''") { mode = .multilineLiteral; advance = 3 } else { mode = .literal }
                case "[" where depth == 0 && !valueStartedOnLine:
                    if let problem = headerProblem(scalars, opening: index) { return error(problem) }
                    depth += 1
                    dottedParts = 0
                case "[", "{":
                    depth += 1
                    dottedParts = 0
                    if depth > maximumDepth { return error("nested more than \(maximumDepth) levels deep") }
                case "]", "}":
                    depth = max(0, depth - 1)
                    dottedParts = 0
                case "=", ",", "\n":
                    dottedParts = 0
                case ".":
                    dottedParts += 1
                    if dottedParts >= maximumDepth { return error("a dotted key of more than \(maximumDepth) parts") }
                default: break
                }
            case .comment:
                if scalar == "\n" { mode = .normal; dottedParts = 0 }
            case .basic, .multilineBasic:
                if scalar == "\\" {
                    if isNULEscape() { return error("a NUL character (\\u0000) cannot be used") }
                    advance = 2
                } else if mode == .basic, scalar == "\"" || scalar == "\n" {
                    mode = .normal
                } else if mode == .multilineBasic, next("\"\"\"") {
                    mode = .normal; advance = 3
                }
            case .literal:
                if scalar == "'" || scalar == "\n" { mode = .normal }
            case .multilineLiteral:
                if next("'''") { mode = .normal; advance = 3 }
            }
            if mode == .normal || mode == .comment {
                if scalar == "\n" { valueStartedOnLine = false } else if scalar == "=" { valueStartedOnLine = true }
            }
            for _ in 0..<advance where index < scalars.count {
                if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
                index += 1
            }
        }
        return nil
    }
}
