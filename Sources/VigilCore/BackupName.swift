import Foundation

/// A backup's folder name: its UTC start time, then its label, `20261129T021500Z-nightly`. Names
/// sort by time; a folder being written is `.NAME.partial`, which no listing takes for a backup.
public struct BackupName: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970, UTC.
    public var createdAt: Date
    public var label: String?

    public init(createdAt: Date, label: String? = nil) {
        self.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down))
        self.label = label
    }

    /// Labels appear in folder names and journal fields: letters, digits, `.`, `_`, `-`, at most 64.
    public static func isValidLabel(_ label: String) -> Bool {
        !label.isEmpty && label.count <= 64 && label.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." || scalar == "-")
        }
    }

    public var description: String {
        Self.stamp(createdAt) + (label.map { "-" + $0 } ?? "")
    }

    /// The folder a backup is written into before it is complete.
    public var partialName: String { ".\(description).partial" }

    /// The name of a backup folder, or nil for anything else (partial folders included).
    public init?(folder: String) {
        guard folder.utf8.count >= 16, !folder.hasPrefix(".") else { return nil }
        let stamp = String(folder.prefix(16))
        let rest = folder.dropFirst(16)
        guard let date = Self.date(stamp) else { return nil }
        if rest.isEmpty {
            self.init(createdAt: date)
        } else if rest.hasPrefix("-"), Self.isValidLabel(String(rest.dropFirst())) {
            self.init(createdAt: date, label: String(rest.dropFirst()))
        } else {
            return nil
        }
    }

    public static func < (lhs: BackupName, rhs: BackupName) -> Bool {
        (lhs.createdAt, lhs.description) < (rhs.createdAt, rhs.description)
    }

    /// `YYYYMMDDTHHMMSSZ`.
    static func stamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    static func date(_ stamp: String) -> Date? {
        let characters = Array(stamp.utf8)
        guard characters.count == 16, characters[8] == UInt8(ascii: "T"), characters[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            let digits = characters[range]
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return Int32(String(decoding: digits, as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        // Reject 31 February and the like: they would not print back the same.
        return stamp == Self.stamp(date) ? date : nil
    }
}
