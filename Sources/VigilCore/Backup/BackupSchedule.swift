import FoundationEssentials

/// When the daemon takes its backups (`[backup] daily_at` or `every`); without one, only
/// `vigil backup` takes them.
///
/// Catch-up works like systemd's `Persistent=true`: a slot that passed since the last backup (none,
/// or one older than the period) is not waited out until the next slot; the backup is due
/// `catchUpDelay` after `now` instead, so a daemon that was down at 02:30 backs up soon after it starts.
public enum BackupSchedule: Sendable, Equatable {
    /// Every day at this local time.
    case daily(at: TimeOfDay)
    /// This long after the last backup started.
    case every(Duration)

    /// The shortest `every` accepted: backup names are whole seconds.
    public static let minimumInterval: Duration = .seconds(1)
    /// The longest wait before a catch-up: the daemon's first checks get a minute to run first.
    public static let maximumCatchUpDelay: Duration = .seconds(60)

    /// A local wall-clock time, minute precision.
    public struct TimeOfDay: Sendable, Equatable, CustomStringConvertible {
        public var hour: Int
        public var minute: Int

        public init?(hour: Int, minute: Int) {
            guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
            self.hour = hour
            self.minute = minute
        }

        /// `HH:MM`, 24-hour, two digits each (`02:30`, `23:05`).
        public init?(_ text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                  let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
            self.init(hour: hour, minute: minute)
        }

        public var description: String {
            (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
        }

        var secondsIntoDay: Int { hour * 3600 + minute * 60 }
    }

    /// One day for `daily`, the interval for `every`.
    public var period: Duration {
        switch self {
        case .daily: .seconds(86_400)
        case .every(let interval): interval
        }
    }

    /// A tenth of the period, at most a minute: a 2 s schedule catches up after 0.2 s, a daily one after 60 s.
    public var catchUpDelay: Duration {
        min(period / 10, Self.maximumCatchUpDelay)
    }

    /// When the next backup is due, given the newest verified backup's start and the last attempt's
    /// (failed or not; `nil` when unknown). The later of the two counts as the last backup, so a
    /// failing backup is retried at the next slot, not in a loop.
    ///
    /// The first slot after the last backup when that is now or still ahead; otherwise (no backup at
    /// all, or a slot passed since it) `now + catchUpDelay`.
    public func nextDue(at now: Date, newestVerified: Date?, lastAttempt: Date?, timeZone: some UTCOffsets) -> Date {
        let last = [newestVerified, lastAttempt].compactMap { $0 }.max()
        guard let last else { return WallClock.date(now, plus: catchUpDelay) }
        let slot = firstSlot(after: last, timeZone: timeZone)
        return slot >= now ? slot : WallClock.date(now, plus: catchUpDelay)
    }

    /// The first time strictly after `date` this schedule names.
    ///
    /// For `daily`: a time the day skips (spring forward, 02:30 when clocks jump from 02:00 to 03:00)
    /// is taken at the first minute after the jump (03:00); a time the day has twice (fall back) at
    /// its first occurrence only.
    public func firstSlot(after date: Date, timeZone: some UTCOffsets) -> Date {
        switch self {
        case .every(let interval):
            return WallClock.date(date, plus: interval)
        case .daily(let time):
            let wall = Self.wallSeconds(of: date, in: timeZone)
            var day = Self.floorDiv(wall, 86_400) * 86_400
            while true {
                let slot = Self.instant(ofWall: day + time.secondsIntoDay, in: timeZone)
                if slot > date { return slot }
                day += 86_400
            }
        }
    }

    // MARK: - Wall-clock arithmetic

    /// Seconds since 1970 of `date`'s local wall clock read as if it were UTC.
    static func wallSeconds(of date: Date, in timeZone: some UTCOffsets) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        return seconds + timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The earliest instant whose local wall clock reads `wall`; when no instant does (a gap), the
    /// instant the clocks jumped, i.e. the first existing time after it.
    static func instant(ofWall wall: Int, in timeZone: some UTCOffsets) -> Date {
        // At most one offset change a day: the offsets a day either side bracket every candidate.
        let offsets = Set([-86_400, 86_400].map { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(wall + $0))) })
        let matching = offsets.map { wall - $0 }.filter { wallSeconds(of: Date(timeIntervalSince1970: TimeInterval($0)), in: timeZone) == wall }
        if let earliest = matching.min() { return Date(timeIntervalSince1970: TimeInterval(earliest)) }
        // A gap: before the jump the wall clock reads earlier than `wall`, after it later. Find the jump.
        var before = wall - (offsets.max() ?? 0)
        var after = wall - (offsets.min() ?? 0)
        while after - before > 1 {
            let middle = before + (after - before) / 2
            if wallSeconds(of: Date(timeIntervalSince1970: TimeInterval(middle)), in: timeZone) < wall { before = middle } else { after = middle }
        }
        return Date(timeIntervalSince1970: TimeInterval(after))
    }

    static func floorDiv(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
