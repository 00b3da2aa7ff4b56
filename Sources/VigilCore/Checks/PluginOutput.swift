/// What a Nagios-convention plugin printed: the first line's text, and its performance data
/// (`'label'=value[UOM];warn;crit;min;max`) as metrics named by their labels.
public struct PluginOutput: Sendable, Equatable {
    public var message: String
    public var metrics: [String: Double]
    /// The UOM each metric came with, where it had one, so that `vigil check` can pass it on.
    public var units: [String: String]

    public init(message: String, metrics: [String: Double] = [:], units: [String: String] = [:]) {
        self.message = message
        self.metrics = metrics
        self.units = units
    }

    /// Reads the Nagios output format: the message is the first line up to `|`; performance
    /// data follows that `|`, and in multi-line output also the first later `|` and every line
    /// after it. Values are kept in the unit given; items that cannot be read are skipped.
    public static func parse(_ stdout: String) -> PluginOutput {
        let lines = stdout.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let first = lines.first else { return PluginOutput(message: "") }

        var performanceData: [Substring] = []
        let message: Substring
        if let bar = first.firstIndex(of: "|") {
            message = first[..<bar]
            performanceData.append(first[first.index(after: bar)...])
        } else {
            message = first
        }
        var inPerformanceData = false
        for line in lines.dropFirst() {
            if inPerformanceData {
                performanceData.append(line)
            } else if let bar = line.firstIndex(of: "|") {
                performanceData.append(line[line.index(after: bar)...])
                inPerformanceData = true
            }
        }

        var metrics: [String: Double] = [:]
        var units: [String: String] = [:]
        for text in performanceData {
            for (label, value, unit) in PerformanceDataScanner(text).items() {
                metrics[label] = value
                units[label] = unit.isEmpty ? nil : unit
            }
        }
        return PluginOutput(message: message.trimming(\.isWhitespace), metrics: metrics, units: units)
    }
}

/// Splits one stretch of performance data into `(label, value, unit)` items, skipping what it cannot read.
private struct PerformanceDataScanner {
    private let characters: [Character]
    private var position = 0

    init(_ text: Substring) {
        characters = Array(text)
    }

    consuming func items() -> [(String, Double, String)] {
        var found: [(String, Double, String)] = []
        while true {
            skipWhitespace()
            guard position < characters.count else { return found }
            guard let label = readLabel(), !label.isEmpty, peek() == "=" else {
                skipItem()
                continue
            }
            position += 1
            let field = readUntilWhitespace()
            if let (value, unit) = Self.value(of: field) { found.append((label, value, unit)) }
        }
    }

    private func peek() -> Character? { position < characters.count ? characters[position] : nil }

    private mutating func skipWhitespace() {
        while let character = peek(), character.isWhitespace { position += 1 }
    }

    /// Skips the rest of an unreadable item, quoted parts included.
    private mutating func skipItem() {
        var quoted = false
        while let character = peek() {
            if character == "'" { quoted.toggle() }
            if character.isWhitespace, !quoted { return }
            position += 1
        }
    }

    /// A label up to `=`: quoted with `'` (a doubled `''` stands for one quote, spaces allowed),
    /// or bare (no spaces). `nil` for an unterminated quote.
    private mutating func readLabel() -> String? {
        var label = ""
        if peek() == "'" {
            position += 1
            while let character = peek() {
                position += 1
                if character == "'" {
                    if peek() == "'" {
                        label.append("'")
                        position += 1
                        continue
                    }
                    return label
                }
                label.append(character)
            }
            return nil
        }
        while let character = peek(), character != "=", !character.isWhitespace {
            label.append(character)
            position += 1
        }
        return label
    }

    private mutating func readUntilWhitespace() -> Substring {
        let start = position
        while let character = peek(), !character.isWhitespace { position += 1 }
        return Substring(String(characters[start..<position]))
    }

    /// The number and the unit in `value[UOM];warn;crit;min;max`; `nil` for `U`
    /// (undetermined), an empty value, or a unit that is not letters, `%` or `/`.
    static func value(of field: Substring) -> (Double, String)? {
        let valueAndUnit = field.prefix(while: { $0 != ";" })
        let number = numberPrefix(valueAndUnit)
        guard !number.isEmpty else { return nil }
        let unit = valueAndUnit.dropFirst(number.count)
        guard unit.allSatisfy({ $0.isLetter || $0 == "%" || $0 == "/" }) else { return nil }
        guard let value = Double(String(number.map { $0 == "," ? "." : $0 })), value.isFinite else { return nil }
        return (value, String(unit))
    }

    /// The longest leading `[+-]digits[.,digits][e[+-]digits]`, as text.
    private static func numberPrefix(_ text: Substring) -> String {
        let characters = Array(text)
        var end = 0
        func digits(from start: Int) -> Int {
            var index = start
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            return index
        }
        if end < characters.count, characters[end] == "+" || characters[end] == "-" { end += 1 }
        let integerEnd = digits(from: end)
        var mantissaEnd = integerEnd
        if integerEnd < characters.count, characters[integerEnd] == "." || characters[integerEnd] == "," {
            let fractionEnd = digits(from: integerEnd + 1)
            if fractionEnd > integerEnd + 1 { mantissaEnd = fractionEnd }
        }
        guard mantissaEnd > end else { return "" }
        end = mantissaEnd
        if end < characters.count, characters[end] == "e" || characters[end] == "E" {
            var exponentStart = end + 1
            if exponentStart < characters.count, characters[exponentStart] == "+" || characters[exponentStart] == "-" {
                exponentStart += 1
            }
            let exponentEnd = digits(from: exponentStart)
            if exponentEnd > exponentStart { end = exponentEnd }
        }
        return String(characters[0..<end])
    }
}
