import FoundationEssentials
import VigilCore
import VigilPostgres

/// An `event_store` check: a consistency scan of the table inside PostgreSQL, full or (with a
/// `position_column`) incremental from the last run's checkpoint, with a full scan every
/// `full_every`. Anomalies found stand until a full scan finds them gone, so the check stays
/// CRITICAL while they are there, not just on the run that found them. A scan that cannot run (a
/// missing table or column, no permission, the deadline) is UNKNOWN with the reason: never a
/// partial "healthy".
///
/// Progress lives in `progressStore` (the state directory); without one every run is a full scan.
/// Each anomaly kind found that was not standing gets one journal entry, and each run a summary
/// at debug, through `journal`.
public struct EventStoreProbe: Probe {
    public let check: String
    public let database: DatabaseSettings
    public let settings: EventStoreCheckSettings
    public let progressStore: (any EventStoreProgressStore)?
    public let journal: @Sendable (JournalEvent) -> Void

    public init(check: String, database: DatabaseSettings, settings: EventStoreCheckSettings,
                progressStore: (any EventStoreProgressStore)? = nil, journal: @escaping @Sendable (JournalEvent) -> Void = { _ in }) {
        self.check = check
        self.database = database
        self.settings = settings
        self.progressStore = progressStore
        self.journal = journal
    }

    /// The scanned table as VigilPostgres describes it.
    public static func table(for settings: EventStoreCheckSettings) -> EventStoreTable {
        EventStoreTable(settings)
    }

    public func observe(until deadline: ContinuousClock.Instant) async throws -> Observation {
        let cancellation = QueryCancellation()
        // A stopping daemon cancels the check's task: the scan is told to stop rather than run to its deadline.
        return try await withTaskCancellationHandler {
            try await BlockingIO.run { observation(until: deadline, cancellation: cancellation) }
        } onCancel: {
            cancellation.cancel()
        }
    }

    private func observation(until deadline: ContinuousClock.Instant, cancellation: QueryCancellation) -> Observation {
        var previous: EventStoreProgress?
        if let progressStore {
            do throws(EventStoreProgressStoreError) {
                previous = try progressStore.load(check: check)
            } catch {
                return Observation(status: .unknown, message: "could not check: cannot read its progress: \(error.description)")
            }
        }
        let run: EventStoreRun
        do throws(PostgresError) {
            run = try EventStoreRun.perform(settings, database: database, previous: previous, deadline: deadline,
                                            cancellation: cancellation)
        } catch {
            return Observation(status: .unknown, message: "could not check: \(error.description)")
        }
        if let progressStore {
            do throws(EventStoreProgressStoreError) {
                try progressStore.save(run.progress, check: check)
            } catch {
                // The next run starts from the progress saved before and checks these events again: nothing is skipped.
                journal(.daemonError("cannot save the progress of check \(check)", reason: error.description))
            }
        }
        for finding in run.findings {
            journal(.eventStoreAnomaly(check: check, table: settings.table, finding: finding, mode: run.report.mode))
        }
        journal(.eventStoreChecked(check: check, table: settings.table, report: run.report, progress: run.progress))
        return run.progress.observation(after: run.report)
    }
}
