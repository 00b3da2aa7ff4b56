/// The string formats whose breach matters to a client (`date-time`, `date`, `uuid`, `uri`,
/// `email`), checked by hand: a contract check must not need Foundation's formatters.
public enum StringFormats {
    /// Whether a string has the format; a format not listed here is not checked.
    public static func matches(_ value: String, format: String) -> Bool {
        switch format {
        case "date-time": isDateTime(value)
        case "date": isDate(Array(value.utf8))
        case "uuid": isUUID(value)
        case "uri": isURI(value)
        case "email": isEmail(value)
        default: true
        }
    }

    /// RFC 3339: `2026-12-04T10:15:00Z`, with optional fractions and an offset instead of Z.
    static func isDateTime(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 20, isDate(Array(bytes[0..<10])), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return false }
        let time = Array(bytes[11...])
        guard time.count >= 9, digits(time, 0..<2, max: 23), time[2] == UInt8(ascii: ":"), digits(time, 3..<5, max: 59),
              time[5] == UInt8(ascii: ":"), digits(time, 6..<8, max: 60) else { return false }
        var rest = time[8...]
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            let fraction = rest.prefix { $0 >= 48 && $0 <= 57 }
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(fraction.count)
        }
        if rest.count == 1, rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") { return true }
        let offset = Array(rest)
        return offset.count == 6 && (offset[0] == UInt8(ascii: "+") || offset[0] == UInt8(ascii: "-"))
            && digits(offset, 1..<3, max: 23) && offset[3] == UInt8(ascii: ":") && digits(offset, 4..<6, max: 59)
    }

    /// `YYYY-MM-DD` with a real month and a day within it.
    static func isDate(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes, 0..<4), let month = number(bytes, 5..<7), let day = number(bytes, 8..<10),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    /// 8-4-4-4-12 hexadecimal digits.
    static func isUUID(_ value: String) -> Bool {
        let groups = value.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// An absolute URI: a scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon, no spaces.
    static func isURI(_ value: String) -> Bool {
        guard let colon = value.firstIndex(of: ":"), colon != value.startIndex else { return false }
        let scheme = value[..<colon]
        return scheme.first!.isASCII && scheme.first!.isLetter
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
            && !value.contains(where: { $0 == " " || $0.isNewline })
    }

    /// Something `@` something, with a dot in the domain: enough to catch a name or an empty string.
    static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !value.contains(" ")
    }

    static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var result = 0
        for index in range {
            guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
            result = result * 10 + Int(bytes[index] - 48)
        }
        return result
    }

    static func digits(_ bytes: [UInt8], _ range: Range<Int>, max: Int) -> Bool {
        number(bytes, range).map { $0 <= max } ?? false
    }
}
