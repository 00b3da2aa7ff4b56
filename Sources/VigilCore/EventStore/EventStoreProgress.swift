import FoundationEssentials

/// What one `event_store` check knows between runs, kept in the state directory: where
/// incremental runs continue, when everything was last scanned, and the anomalies found since
/// then. An incremental run sees only new events, so the anomalies found before it stand (and
/// keep the check CRITICAL) until a full scan finds them gone.
///
/// Times are wall-clock `Date`s passed in by the caller, since they must survive restarts.
public struct EventStoreProgress: Sendable, Equatable, Codable {
    /// The table and position column the checkpoint belongs to: progress made on another one is void.
    public var scope: String
    /// Where the next incremental run continues; `nil` until a run with a position column.
    public var checkpoint: EventStoreCheckpoint?
    public var lastFullScanAt: Date?
    /// Exact counts by kind found by the last full scan and every incremental run since.
    public var standingCounts: [String: Int]
    /// The first anomaly found of each standing kind, for messages.
    public var standingExamples: [ConsistencyAnomaly]

    public init(scope: String, checkpoint: EventStoreCheckpoint? = nil, lastFullScanAt: Date? = nil,
                standingCounts: [String: Int] = [:], standingExamples: [ConsistencyAnomaly] = []) {
        self.scope = scope
        self.checkpoint = checkpoint
        self.lastFullScanAt = lastFullScanAt
        self.standingCounts = standingCounts
        self.standingExamples = standingExamples
    }

    /// What the progress is about: the database (its conninfo without the password), the table
    /// and the position column. Positions and counts mean nothing elsewhere.
    public static func scope(of settings: EventStoreCheckSettings, conninfo: String) -> String {
        "\(Conninfo.redacted(conninfo)) \(settings.table)@\(settings.positionColumn ?? "")"
    }

    /// `previous` when it is about `scope`, else none: pointed at another database, table or
    /// position column, a check starts over with a full scan rather than trust a foreign checkpoint.
    public static func resumed(_ previous: EventStoreProgress?, scope: String) -> EventStoreProgress {
        previous.flatMap { $0.scope == scope ? $0 : nil } ?? EventStoreProgress(scope: scope)
    }

    public var standingTotal: Int { standingCounts.values.reduce(0, +) }

    /// Which kind of run comes next: full without a position column, on request, when no full
    /// scan has run or its checkpoint is missing, every `fullEvery`, and when the clock went back
    /// past the last full scan; otherwise incremental from the checkpoint.
    public func nextRun(for settings: EventStoreCheckSettings, forceFull: Bool = false, at now: Date) -> EventStoreRunMode {
        guard settings.positionColumn != nil, !forceFull,
              let checkpoint, let lastFullScanAt, lastFullScanAt <= now,
              now.timeIntervalSince(lastFullScanAt) < Double(DurationText.milliseconds(settings.fullEvery)) / 1000
        else { return .full }
        return .incremental(after: checkpoint)
    }

    /// Folds a finished run in: a full scan replaces the standing anomalies, an incremental run
    /// adds its own. Returns the kinds that were not standing before, each once with its count
    /// and first listed anomaly: what deserves a journal entry of its own.
    public mutating func record(_ report: ConsistencyReport, checkpoint next: EventStoreCheckpoint?, at now: Date) -> [EventStoreFinding] {
        let before = standingCounts
        switch report.mode {
        case .full:
            standingCounts = report.issueCounts.filter { $0.value > 0 }
            standingExamples = []
            lastFullScanAt = now
        case .incremental:
            standingCounts.merge(report.issueCounts.filter { $0.value > 0 }, uniquingKeysWith: +)
        }
        if let next { checkpoint = next }
        for anomaly in report.issues where !standingExamples.contains(where: { $0.kind == anomaly.kind }) {
            standingExamples.append(anomaly)
        }
        standingExamples.sort { $0.kind < $1.kind }
        return ConsistencyAnomaly.Kind.allCases.compactMap { kind in
            guard let count = report.issueCounts[kind.rawValue], count > 0, (before[kind.rawValue] ?? 0) == 0 else { return nil }
            return EventStoreFinding(kind: kind, count: count, example: report.issues.first { $0.kind == kind })
        }
    }
}

/// How the next run of an `event_store` check goes.
public enum EventStoreRunMode: Sendable, Equatable {
    case full
    case incremental(after: EventStoreCheckpoint)
}

/// An anomaly kind a run found that was not standing before it.
public struct EventStoreFinding: Sendable, Equatable {
    public var kind: ConsistencyAnomaly.Kind
    /// How many of the kind the run found.
    public var count: Int
    /// The first one it listed (`nil` when `max_issues` is 0).
    public var example: ConsistencyAnomaly?

    public init(kind: ConsistencyAnomaly.Kind, count: Int, example: ConsistencyAnomaly?) {
        self.kind = kind
        self.count = count
        self.example = example
    }
}
