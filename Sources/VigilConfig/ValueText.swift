import TOMLKit

/// How configuration values are named and quoted in error messages.
enum ValueText {
    /// A value from the file, quoted and cut short so a huge or binary value cannot flood the output.
    static func quoted(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars.prefix(80) {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                escaped += "\\u{\(String(scalar.value, radix: 16))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"\(escaped)\(text.unicodeScalars.count > 80 ? "…" : "")\""
    }

    /// The TOML type of a value as a person would say it.
    static func typeName(_ type: TOMLType) -> String {
        switch type {
        case .string: "string"
        case .int: "integer"
        case .double: "float"
        case .bool: "boolean"
        case .table: "table"
        case .array: "array"
        case .date: "date"
        case .time: "time"
        case .dateTime: "date-time"
        }
    }

    /// `a, b or c`.
    static func alternatives(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}
