/// A day of the week as `[[maintenance]] days` names it (`"sun"` … `"sat"`).
public enum Weekday: Int, Sendable, Equatable, Hashable, CaseIterable, Comparable {
    case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday

    /// The three-letter name the configuration uses.
    public var name: String {
        ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][rawValue]
    }

    /// `"sun"` … `"sat"`; nothing else.
    public init?(name: String) {
        guard let day = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = day
    }

    /// The weekday of a day counted from 1970-01-01, which was a Thursday.
    init(daysSince1970 days: Int) {
        let index = ((days % 7) + 7 + 4) % 7
        self = Weekday(rawValue: index)!
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
