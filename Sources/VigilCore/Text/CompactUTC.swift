import FoundationEssentials

/// A second in UTC as `YYYYMMDDTHHMMSSZ` (ISO 8601's basic form): sorts as it reads and fits in a
/// file name. Backup folders and set-aside state files are named with it.
public enum CompactUTC {
    /// The stamp of `date`, rounded down to its second.
    public static func stamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return NumberText.zeroPadded(year, width: 4) + NumberText.zeroPadded(month, width: 2)
            + NumberText.zeroPadded(day, width: 2) + "T" + NumberText.zeroPadded(secondOfDay / 3600, width: 2)
            + NumberText.zeroPadded(secondOfDay / 60 % 60, width: 2) + NumberText.zeroPadded(secondOfDay % 60, width: 2) + "Z"
    }

    /// The second a stamp names; nil for anything else (31 February included).
    public static func date(_ stamp: String) -> Date? {
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
        let seconds = days(fromCivil: Int(year), Int(month), Int(day)) * 86_400
            + Int(hour) * 3600 + Int(minute) * 60 + Int(second)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        // Reject 31 February and the like: they would not print back the same.
        return stamp == Self.stamp(date) ? date : nil
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`):
    /// plain arithmetic, so the core needs neither libc's `gmtime_r` nor a calendar.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The inverse of `civil(fromDays:)` (`days_from_civil`); out-of-range days roll over, which
    /// `date(_:)` rejects by printing back.
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
