import FoundationEssentials

/// Decides when a release is bad enough to put back the last known good (LKG): enough of the
/// trigger's checks confirmed CRITICAL, each failure begun after the release changed (after the last
/// read that still saw the version before, since a check may notice a deployment first), sustained for
/// `sustainedFor`, within `within` of the change, and the release not the LKG. Failures explained by
/// a dependency, flapping or covered by maintenance do not count; a release is rolled back at most
/// once. Pure: the caller passes the book, the failures and the time.
public struct RollbackTrigger: Sendable, Equatable {
    public struct Settings: Sendable, Equatable {
        public static let defaultCriticalChecks = 1
        public static let defaultSustainedFor: Duration = .seconds(60)
        public static let defaultWithin: Duration = .seconds(2 * 3600)

        /// How many of the trigger's checks must be confirmed CRITICAL at once.
        public var criticalChecks: Int
        /// The checks that count; nil means every check of severity P0.
        public var checks: [String]?
        public var sustainedFor: Duration
        /// How long after the release changed a failure may still roll it back.
        public var within: Duration

        public init(criticalChecks: Int = defaultCriticalChecks, checks: [String]? = nil,
                    sustainedFor: Duration = defaultSustainedFor, within: Duration = defaultWithin) {
            self.criticalChecks = criticalChecks
            self.checks = checks
            self.sustainedFor = sustainedFor
            self.within = within
        }
    }

    /// One of the trigger's checks confirmed CRITICAL, as the engine and the maintenance desk see it.
    public struct Failure: Sendable, Equatable {
        public var check: String
        /// When it was confirmed CRITICAL.
        public var since: Date
        public var suppressedBy: String?
        public var flapping: Bool
        /// The window or silence covering it, if any.
        public var coveredBy: String?

        public init(check: String, since: Date, suppressedBy: String? = nil, flapping: Bool = false, coveredBy: String? = nil) {
            self.check = check
            self.since = since
            self.suppressedBy = suppressedBy
            self.flapping = flapping
            self.coveredBy = coveredBy
        }
    }

    public enum Verdict: Sendable, Equatable {
        /// Nothing to roll back.
        case quiet
        /// Enough checks fail; the rollback fires at `until` if they still do.
        case waiting(until: Date, checks: [String])
        /// Roll `bad` back to `lastKnownGood` because of `checks`.
        case rollBack(bad: String, lastKnownGood: String, checks: [String])
        /// It would roll back but cannot: the reason, said once per bad release (`firstTime`).
        case cannot(bad: String, reason: String, firstTime: Bool)
    }

    public var settings: Settings
    /// Since when enough failures have held for the running release; nil while they do not.
    public private(set) var failingSince: Date?
    /// The release whose "cannot" was said.
    private var saidCannotFor: String?

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public mutating func evaluate(_ book: ReleaseBook, failures: [Failure], at now: Date) -> Verdict {
        guard let running = book.running, let changedAt = book.runningSince,
              book.record(of: running)?.outcome != .rolledBack, book.record(of: running)?.outcome != .failedRollback,
              book.lastKnownGood?.version != running,
              now <= WallClock.date(changedAt, plus: settings.within) else {
            failingSince = nil
            return .quiet
        }
        let deployedAfter = min(book.changedAfter ?? changedAt, changedAt)
        let counted = failures.filter { failure in
            failure.since > deployedAfter && failure.suppressedBy == nil && !failure.flapping && failure.coveredBy == nil
        }.map(\.check).sorted()
        guard counted.count >= settings.criticalChecks else {
            failingSince = nil
            return .quiet
        }
        let since = failingSince ?? now
        failingSince = since
        let due = WallClock.date(since, plus: settings.sustainedFor)
        guard now >= due else { return .waiting(until: due, checks: counted) }
        guard let good = book.lastKnownGood?.version else {
            let firstTime = saidCannotFor != running
            saidCannotFor = running
            return .cannot(bad: running, reason: "no release has been the last known good yet", firstTime: firstTime)
        }
        return .rollBack(bad: running, lastKnownGood: good, checks: counted)
    }
}
