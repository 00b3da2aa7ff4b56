import FoundationEssentials

/// The configured maintenance windows and the silences laid at run time, asked "is this check
/// silenced now, by what, until when" and "when does any answer change next", so the daemon arms
/// one timer for all of them. Pure: the time and the zone are passed in.
public struct MaintenanceCalendar: Sendable {
    /// What silences a check now.
    public struct Cover: Sendable, Equatable {
        public enum Source: Sendable, Equatable {
            /// A `[[maintenance]]` window, by name.
            case window(String)
            /// A `vigil silence`, by id.
            case silence(String)
        }

        public var source: Source
        /// The checks it names; empty means every check.
        public var checks: [String]
        public var from: Date
        public var until: Date
        /// A silence's reason and who laid it; `nil` for a window.
        public var reason: String?
        public var by: String?

        public init(source: Source, checks: [String], from: Date, until: Date, reason: String? = nil, by: String? = nil) {
            self.source = source
            self.checks = checks
            self.from = from
            self.until = until
            self.reason = reason
            self.by = by
        }

        /// The window's name or the silence's id.
        public var name: String {
            switch source {
            case .window(let name): name
            case .silence(let id): id
            }
        }

        /// `maintenance window nightly` or `silence SIL-20270115-0001`.
        public var description: String {
            switch source {
            case .window(let name): "maintenance window \(name)"
            case .silence(let id): "silence \(id)"
            }
        }

        public func covers(_ check: String) -> Bool {
            checks.isEmpty || checks.contains(check)
        }
    }

    public var windows: [MaintenanceWindow]
    public var silences: [Silence]
    public let timeZone: any UTCOffsets

    public init(windows: [MaintenanceWindow], silences: [Silence], timeZone: any UTCOffsets) {
        self.windows = windows
        self.silences = silences
        self.timeZone = timeZone
    }

    /// Everything in force at `date`: windows in configuration order, then silences by id.
    public func active(at date: Date) -> [Cover] {
        let windowCovers = windows.compactMap { window -> Cover? in
            guard let occurrence = window.occurrence(containing: date, timeZone: timeZone) else { return nil }
            return Cover(source: .window(window.name), checks: window.checks, from: occurrence.start, until: occurrence.end)
        }
        let silenceCovers = silences.filter { $0.isActive(at: date) }.sorted { $0.id < $1.id }.map {
            Cover(source: .silence($0.id), checks: $0.checks, from: $0.from, until: $0.until, reason: $0.reason, by: $0.by)
        }
        return windowCovers + silenceCovers
    }

    /// What silences `check` at `date`: of several, the one lasting longest; `nil` when nothing does.
    public func cover(of check: String, at date: Date) -> Cover? {
        active(at: date).filter { $0.covers(check) }.max { $0.until < $1.until }
    }

    /// The first time after `date` at which a window or silence starts or ends; `nil` when none will.
    public func nextChange(after date: Date) -> Date? {
        let windowTimes = windows.compactMap { $0.nextBoundary(after: date, timeZone: timeZone) }
        let silenceTimes = silences.flatMap { [$0.from, $0.until] }.filter { $0 > date }
        return (windowTimes + silenceTimes).min()
    }

    /// The silences over by `date`: they are dropped from the file and journaled as expired.
    public func expiredSilences(at date: Date) -> [Silence] {
        silences.filter { $0.until <= date }
    }
}
