import Foundation
import Testing
import VigilCore

/// When an event-store check runs full or incremental, and how runs fold into the anomalies that stand.
@Suite struct EventStoreProgressTests {
    private static let start = Date(timeIntervalSince1970: 2_000_000_000)
    private static let incremental = EventStoreCheckSettings(database: "main", table: "events", positionColumn: "position",
                                                             fullEvery: .seconds(3600))
    private static let checkpoint = EventStoreCheckpoint(settledPosition: 100, checkedThrough: 105, snapshot: "900:910:")

    private static let conninfo = "host=/run/postgresql dbname=alexandria password=secret"

    /// Progress after a full scan at `start` that left `checkpoint`.
    private static func scanned(_ settings: EventStoreCheckSettings = incremental) -> EventStoreProgress {
        var progress = EventStoreProgress(scope: EventStoreProgress.scope(of: settings, conninfo: conninfo))
        progress.checkpoint = checkpoint
        progress.lastFullScanAt = start
        return progress
    }

    struct RunCase: CustomTestStringConvertible, Sendable {
        var name: String
        var progress: EventStoreProgress
        var settings: EventStoreCheckSettings
        var forceFull = false
        var secondsAfterFullScan: Double
        var expected: EventStoreRunMode
        var testDescription: String { name }
    }

    static let runCases: [RunCase] = [
        RunCase(name: "no position column: always full", progress: scanned(EventStoreCheckSettings(database: "main", table: "events")),
                settings: EventStoreCheckSettings(database: "main", table: "events"), secondsAfterFullScan: 1, expected: .full),
        RunCase(name: "no run yet: full", progress: EventStoreProgress(scope: "s"), settings: incremental,
                secondsAfterFullScan: 1, expected: .full),
        RunCase(name: "scanned a second ago: incremental", progress: scanned(), settings: incremental,
                secondsAfterFullScan: 1, expected: .incremental(after: checkpoint)),
        RunCase(name: "just before full_every: incremental", progress: scanned(), settings: incremental,
                secondsAfterFullScan: 3599.999, expected: .incremental(after: checkpoint)),
        RunCase(name: "at full_every: full", progress: scanned(), settings: incremental,
                secondsAfterFullScan: 3600, expected: .full),
        RunCase(name: "asked for: full", progress: scanned(), settings: incremental, forceFull: true,
                secondsAfterFullScan: 1, expected: .full),
        RunCase(name: "the clock went back past the full scan: full", progress: scanned(), settings: incremental,
                secondsAfterFullScan: -60, expected: .full),
    ]

    @Test(arguments: runCases)
    func theNextRun(_ example: RunCase) {
        let now = Self.start.addingTimeInterval(example.secondsAfterFullScan)
        #expect(example.progress.nextRun(for: example.settings, forceFull: example.forceFull, at: now) == example.expected)
    }

    @Test func progressAboutAnotherDatabaseTableOrPositionColumnIsNotResumed() {
        let saved = Self.scanned()
        let same = EventStoreProgress.scope(of: Self.incremental, conninfo: Self.conninfo)
        #expect(EventStoreProgress.resumed(saved, scope: same) == saved)
        #expect(!same.contains("secret"), "the scope is persisted: no password in it")
        let elsewhere = [
            EventStoreProgress.scope(of: Self.incremental, conninfo: "host=/run/postgresql dbname=restored"),
            EventStoreProgress.scope(of: EventStoreCheckSettings(database: "main", table: "audit.events", positionColumn: "position"),
                                     conninfo: Self.conninfo),
            EventStoreProgress.scope(of: EventStoreCheckSettings(database: "main", table: "events", positionColumn: "seq"),
                                     conninfo: Self.conninfo),
        ]
        for scope in elsewhere {
            #expect(EventStoreProgress.resumed(saved, scope: scope) == EventStoreProgress(scope: scope), "\(scope)")
        }
        // A changed password is the same database.
        #expect(EventStoreProgress.scope(of: Self.incremental, conninfo: "host=/run/postgresql dbname=alexandria password=new") == same)
        #expect(EventStoreProgress.resumed(nil, scope: same) == EventStoreProgress(scope: same))
    }

    private static func report(_ mode: ConsistencyReport.Mode, _ anomalies: [ConsistencyAnomaly], events: Int = 10) -> ConsistencyReport {
        var report = ConsistencyReport(mode: mode, aggregatesChecked: 2, eventsChecked: events)
        for anomaly in anomalies { report.record(anomaly, maxIssues: 100) }
        return report
    }

    @Test func incrementalRunsAddToWhatAFullScanFoundAndTheNextFullScanReplacesIt() {
        var progress = Self.scanned()
        let gap = ConsistencyAnomaly.gap(aggregate: "a", from: 1, to: 3, eventID: "e3")
        let first = ConsistencyAnomaly.firstVersion(aggregate: "b", found: 2, expected: 1, eventID: "e9")

        let fromFull = progress.record(Self.report(.full, [gap]), checkpoint: Self.checkpoint, at: Self.start)
        #expect(fromFull == [EventStoreFinding(kind: .versionGap, count: 1, example: gap)])
        #expect(progress.standingCounts == ["VERSION_GAP": 1])

        // Another gap and a new kind: only the new kind is a finding; the counts add up.
        let next = EventStoreCheckpoint(settledPosition: 120)
        let later = ConsistencyAnomaly.gap(aggregate: "c", from: 5, to: 7, eventID: "e7")
        let fromIncrement = progress.record(Self.report(.incremental, [later, first]), checkpoint: next, at: Self.start.addingTimeInterval(60))
        #expect(fromIncrement == [EventStoreFinding(kind: .firstVersion, count: 1, example: first)])
        #expect(progress.standingCounts == ["VERSION_GAP": 2, "FIRST_VERSION": 1])
        #expect(progress.standingExamples == [gap, first])
        #expect(progress.checkpoint == next)
        #expect(progress.lastFullScanAt == Self.start, "an incremental run is no full scan")

        // A clean full scan: nothing stands any more, and a kind found after it is new again.
        let clean = progress.record(Self.report(.full, []), checkpoint: next, at: Self.start.addingTimeInterval(3600))
        #expect(clean.isEmpty && progress.standingCounts.isEmpty && progress.standingExamples.isEmpty)
        #expect(progress.lastFullScanAt == Self.start.addingTimeInterval(3600))
        #expect(progress.record(Self.report(.incremental, [gap]), checkpoint: next, at: Self.start.addingTimeInterval(3660)).count == 1)
    }

    @Test func aFullScanThatFindsTheSameKindsAgainHasNoFindings() {
        var progress = Self.scanned()
        let gap = ConsistencyAnomaly.gap(aggregate: "a", from: 1, to: 3)
        _ = progress.record(Self.report(.full, [gap]), checkpoint: nil, at: Self.start)
        #expect(progress.record(Self.report(.full, [gap, gap]), checkpoint: nil, at: Self.start.addingTimeInterval(86400)).isEmpty)
        #expect(progress.standingCounts == ["VERSION_GAP": 2])
        #expect(progress.checkpoint == Self.checkpoint, "a run without a checkpoint keeps the one there")
    }

    @Test func aKindCountedButNotListedIsAFindingWithoutAnExample() {
        var progress = EventStoreProgress(scope: "s")
        var report = ConsistencyReport(mode: .full)
        report.record(.gap(aggregate: "a", from: 1, to: 3), maxIssues: 0)
        #expect(progress.record(report, checkpoint: nil, at: Self.start) == [EventStoreFinding(kind: .versionGap, count: 1, example: nil)])
    }

    @Test func theObservationIsCriticalWhileAnythingStands() {
        var progress = Self.scanned()
        let gap = ConsistencyAnomaly.gap(aggregate: "a", from: 1, to: 3)
        let full = Self.report(.full, [gap], events: 40)
        _ = progress.record(full, checkpoint: nil, at: Self.start)
        let afterFull = progress.observation(after: full)
        #expect(afterFull.status == .critical)
        #expect(afterFull.message == "1 VERSION_GAP in 40 events of 2 aggregates; first: VERSION_GAP in a: Gap between version 1 and 3")

        let quiet = Self.report(.incremental, [], events: 0)
        _ = progress.record(quiet, checkpoint: nil, at: Self.start)
        let standing = progress.observation(after: quiet)
        #expect(standing.status == .critical)
        #expect(standing.message == "1 VERSION_GAP since the last full scan (0 new in 0 new events of 2 aggregates); "
            + "first: VERSION_GAP in a: Gap between version 1 and 3")
        #expect(standing.metrics["issues"] == 1 && standing.metrics["new_issues"] == 0 && standing.metrics["version_gap"] == 1)

        let healthy = Self.scanned().observation(after: Self.report(.incremental, [], events: 5))
        #expect(healthy.status == .healthy && healthy.message == "5 new events of 2 aggregates consistent")
    }
}
