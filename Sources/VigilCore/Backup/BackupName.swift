import FoundationEssentials

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
        CompactUTC.stamp(createdAt) + (label.map { "-" + $0 } ?? "")
    }

    /// The folder a backup is written into before it is complete.
    public var partialName: String { ".\(description).partial" }

    /// The name of a backup folder, or nil for anything else (partial folders included).
    public init?(folder: String) {
        guard folder.utf8.count >= 16, !folder.hasPrefix(".") else { return nil }
        let stamp = String(folder.prefix(16))
        let rest = folder.dropFirst(16)
        guard let date = CompactUTC.date(stamp) else { return nil }
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
}
