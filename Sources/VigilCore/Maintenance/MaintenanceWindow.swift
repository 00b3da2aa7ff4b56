import FoundationEssentials

/// A `[[maintenance]]` table: a named time in which the listed checks (all when none are listed)
/// still run and are journaled, but open no incident and run no remediation.
///
/// A recurring window starts at a local time on the days listed and ends at the local time
/// `duration` later, placed as `BackupSchedule` places `daily_at` across clock changes: a start the
/// day skips (spring forward) is taken at the first minute after the jump, a time the day has
/// twice (fall back) at its first occurrence. "02:00 for 2h" thus covers 02:00–04:00 on the wall
/// clock every day, one hour on the day clocks spring forward and three on the day they fall back.
public struct MaintenanceWindow: Sendable, Equatable {
    public enum Timing: Sendable, Equatable {
        /// Every listed day at `start` (local time), for `duration` of wall-clock time.
        case recurring(days: Set<Weekday>, start: BackupSchedule.TimeOfDay, duration: Duration)
        /// Once, from `from` until `until`.
        case once(from: Date, until: Date)
    }

    public var name: String
    /// The checks it silences; empty means every check.
    public var checks: [String]
    public var timing: Timing

    public init(name: String, checks: [String] = [], timing: Timing) {
        self.name = name
        self.checks = checks
        self.timing = timing
    }

    /// Whether it covers `check` (at whatever time).
    public func covers(_ check: String) -> Bool {
        checks.isEmpty || checks.contains(check)
    }

    /// The occurrence that contains `date`, if any; of two overlapping ones, the one ending last.
    public func occurrence(containing date: Date, timeZone: some UTCOffsets) -> DateInterval? {
        occurrences(near: date, timeZone: timeZone).filter { $0.start <= date && date < $0.end }.max { $0.end < $1.end }
    }

    /// The first time after `date` at which some occurrence starts or ends.
    public func nextBoundary(after date: Date, timeZone: some UTCOffsets) -> Date? {
        occurrences(near: date, timeZone: timeZone).flatMap { [$0.start, $0.end] }.filter { $0 > date }.min()
    }

    /// Every occurrence that may contain `date` or start within the next week.
    func occurrences(near date: Date, timeZone: some UTCOffsets) -> [DateInterval] {
        switch timing {
        case let .once(from, until):
            return from < until ? [DateInterval(start: from, end: until)] : []
        case let .recurring(days, start, duration):
            let wallDuration = Int(WallClock.seconds(duration).rounded(.up))
            let today = BackupSchedule.floorDiv(BackupSchedule.wallSeconds(of: date, in: timeZone), 86_400)
            // Back far enough for a long window started days ago to still contain `date`.
            let back = wallDuration / 86_400 + 1
            var found: [DateInterval] = []
            for day in (today - back)...(today + 8) where days.contains(Weekday(daysSince1970: day)) {
                let wallStart = day * 86_400 + start.secondsIntoDay
                let begin = BackupSchedule.instant(ofWall: wallStart, in: timeZone)
                let end = BackupSchedule.instant(ofWall: wallStart + wallDuration, in: timeZone)
                if end > begin { found.append(DateInterval(start: begin, end: end)) }
            }
            return found
        }
    }
}
