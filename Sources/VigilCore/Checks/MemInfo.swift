/// The two lines of `/proc/meminfo` that say how much memory is left: `MemAvailable` is the
/// kernel's own estimate of what can be allocated without swapping (free + reclaimable cache).
public struct MemInfo: Sendable, Equatable {
    public var availableKiB: UInt64
    public var totalKiB: UInt64

    public init(availableKiB: UInt64, totalKiB: UInt64) {
        self.availableKiB = availableKiB
        self.totalKiB = totalKiB
    }

    public var availablePercent: Double { Double(availableKiB) / Double(totalKiB) * 100 }

    /// Why a text is not a usable `/proc/meminfo`.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Reads `Key:   value kB` lines; other lines are ignored, the first occurrence of a key wins.
    public static func parse(_ text: String) throws(ParseError) -> MemInfo {
        var values: [String: Substring] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            guard key == "MemTotal" || key == "MemAvailable", values[key] == nil else { continue }
            values[key] = line[line.index(after: colon)...]
        }
        let total = try kibibytes(of: "MemTotal", in: values)
        let available = try kibibytes(of: "MemAvailable", in: values)
        guard total > 0 else { throw ParseError("MemTotal is 0") }
        guard available <= total else { throw ParseError("MemAvailable (\(available) kB) exceeds MemTotal (\(total) kB)") }
        return MemInfo(availableKiB: available, totalKiB: total)
    }

    private static func kibibytes(of key: String, in values: [String: Substring]) throws(ParseError) -> UInt64 {
        guard let raw = values[key] else { throw ParseError("no \(key) line") }
        let words = raw.split(whereSeparator: \.isWhitespace)
        guard words.count == 2, words[1] == "kB", let value = UInt64(words[0]) else {
            throw ParseError("\(key) is not a number of kB: \"\(words.joined(separator: " ").prefix(40))\"")
        }
        return value
    }
}
