import FoundationEssentials
import Glibc
import VigilCore
import VigilPostgres

/// `vigil restore`, the seed's DataRecoveryService made strict: the backup is verified first (a
/// bad one is refused), a safety backup of the current state is taken, the configured units are
/// stopped, then the database is restored in one transaction (`pg_restore --clean --if-exists
/// --single-transaction`) and each storage path is replaced whole (extracted beside it, then
/// swapped in), and the result is validated before the units are started again. The first step
/// that fails ends the run, named, with the safety backup's path; units stopped by then stay
/// stopped, since a half-restored database must not be served.
public struct RestoreRunner: Sendable {
    public let settings: BackupSettings
    public let database: DatabaseSettings
    /// `event_store` checks: those on `database` are scanned in full to validate the restore.
    public let eventStores: [EventStoreCheckSettings]
    /// Stops and starts `settings.units`; needed only when units are configured.
    public let services: (any RestoreServiceControl)?

    public init(settings: BackupSettings, database: DatabaseSettings, eventStores: [EventStoreCheckSettings] = [],
                services: (any RestoreServiceControl)? = nil) {
        self.settings = settings
        self.database = database
        self.eventStores = eventStores.filter { $0.database == settings.database }
        self.services = services
    }

    /// What was done, in the seed's RecoveryResult words.
    public struct Report: Sendable, Equatable, Codable {
        public var success: Bool
        public var recoveredAt: Date?
        public var backup: String
        public var safetyBackup: String?
        public var steps: [String]
        /// The backup's size (all its files), once it verified: what was restored from.
        public var bytes: Int64?
        /// Units stopped before the restore, in the order they were stopped.
        public var stoppedUnits: [String] = []
        /// Units started again after it validated, in the order they were started.
        public var startedUnits: [String] = []
        /// The health checks run once the units were started: `nil` when none ran.
        public var healthy: Bool?

        /// Stopped and not started again: what an operator has to look at.
        public var unitsLeftStopped: [String] { stoppedUnits.filter { !startedUnits.contains($0) } }
    }

    /// A failed restore: the step, why, which units it left stopped, and where the state before it was saved.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var error: BackupError
        public var report: Report
        public var description: String {
            let stopped = report.unitsLeftStopped
            return "restore failed at \(error.description)"
                + (stopped.isEmpty ? "" : "; \(stopped.joined(separator: ", ")) left stopped (not started on a restore that did not complete)")
                + (report.safetyBackup.map { "; the state before the restore is in \($0)" } ?? "; no safety backup was taken")
        }
    }

    /// `dryRun` verifies the backup and says what would be done, changing nothing.
    public func run(backup folder: String, safetyBackup: Bool = true, dryRun: Bool = false,
                    progress: (String) -> Void = { _ in }) throws(Failure) -> Report {
        var report = Report(success: false, recoveredAt: nil, backup: folder, safetyBackup: nil, steps: [])
        func step(_ text: String) {
            report.steps.append(text)
            progress(text)
        }
        func fail(_ error: BackupError) -> Failure { Failure(error: error, report: report) }
        /// Stops or starts each unit in turn, recording each; the first that fails ends the restore, named.
        func control(_ units: [String], _ verb: String, _ past: String, done: WritableKeyPath<Report, [String]>,
                     _ action: (String) throws(BackupError) -> Void) throws(BackupError) {
            for unit in units {
                do throws(BackupError) {
                    try action(unit)
                } catch {
                    throw BackupError(step: "\(verb) units", "cannot \(verb) \(unit): \(error.reason)")
                }
                report[keyPath: done].append(unit)
                step("\(past) \(unit)")
            }
        }

        let units = settings.units
        guard units.isEmpty || services != nil else {
            throw fail(BackupError(step: "stop units", "units are configured (\(units.joined(separator: ", "))) but nothing to stop them with"))
        }
        let manifest: BackupManifest
        do throws(BackupError) {
            (manifest, _) = try BackupVerifier.verify(folder: folder, pgRestore: settings.pgRestore, timeout: settings.timeout)
        } catch {
            throw fail(BackupError(step: "verify", "refusing \(folder): \(error.reason)"))
        }
        report.bytes = manifest.totalBytes
        step("verified \(manifest.name): \(manifest.artefacts.count) files, \(manifest.totalBytes) bytes")
        let archives = manifest.artefacts.filter { $0.kind == .storageArchive }
        if dryRun {
            if safetyBackup { step("would take a safety backup into \(settings.destination)") }
            if !units.isEmpty { step("would stop \(units.joined(separator: ", "))") }
            step("would restore database \(database.name) from \(manifest.name)/database.dump (--clean --if-exists, one transaction)")
            for archive in archives { step("would replace \(archive.source) with \(manifest.name)/\(archive.path)") }
            step("would validate: database \(database.name) answers" + eventStores.map { ", event store \($0.table) consistent" }.joined()
                 + ", \(archives.count) storage paths match their archives")
            if !units.isEmpty { step("would start \(units.reversed().joined(separator: ", "))") }
            report.success = true
            return report
        }

        if safetyBackup {
            do throws(BackupError) {
                // The state being replaced is saved as it is: a store broken enough to restore over
                // must not have its safety backup refused by `verify = "restore"`.
                var safetySettings = settings
                safetySettings.verify = .files
                let safety = try BackupRunner(settings: safetySettings, database: database)
                    .run(label: "before-restore", sparing: [URL(fileURLWithPath: folder).lastPathComponent])
                report.safetyBackup = safety.path
                step("safety backup \(safety.path)")
            } catch {
                throw fail(BackupError(step: "safety backup", error.description))
            }
        }

        // The restore gets the whole timeout of its own, whatever the safety backup took.
        let deadline = ContinuousClock.now + settings.timeout
        do throws(BackupError) {
            try control(units, "stop", "stopped", done: \.stoppedUnits) { unit throws(BackupError) in try services?.stop(unit, deadline: deadline) }
            guard let dump = manifest.artefacts.first(where: { $0.kind == .databaseDump }) else {
                throw BackupError(step: "restore database", "the backup has no database dump")
            }
            try DatabaseClient.run(database, step: "restore database \(database.name)", deadline: deadline) { conninfo in
                [settings.pgRestore, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-password",
                 "--dbname=\(conninfo)", folder + "/" + dump.path]
            }
            step("restored database \(database.name)")
            for archive in archives {
                try Self.replace(archive.source, with: folder + "/" + archive.path, deadline: deadline)
                step("restored \(archive.source)")
            }
            step("validated: " + (try validate(archives: archives, in: folder, deadline: deadline)))
            try control(units.reversed(), "start", "started", done: \.startedUnits) { unit throws(BackupError) in
                try services?.start(unit, deadline: deadline)
            }
        } catch {
            throw fail(error)
        }
        report.success = true
        report.recoveredAt = BackupManifest.wholeSeconds(Date())
        return report
    }

    /// Extracts the archive into a fresh folder beside `path`, then swaps it in: the old tree is
    /// moved aside and removed only once the new one is in place.
    static func replace(_ path: String, with archive: String, deadline: ContinuousClock.Instant) throws(BackupError) {
        let step = "restore \(path)"
        let target = URL(fileURLWithPath: path)
        let parent = target.deletingLastPathComponent().path
        var template = Array("\(parent)/.vigil-restore.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BackupError(step: step, "cannot create a folder in \(parent): \(String(cString: strerror(errno)))") }
        let staging = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try BackupTool.run(["tar", "--extract", "--gzip", "--file=\(archive)", "--directory=\(staging)"], step: step, deadline: deadline)
        let extracted = staging + "/" + target.lastPathComponent
        guard access(extracted, F_OK) == 0 else { throw BackupError(step: step, "the archive holds no \(target.lastPathComponent)") }
        let aside = staging + "/previous"
        if access(path, F_OK) == 0, rename(path, aside) != 0 {
            throw BackupError(step: step, "cannot move \(path) aside: \(String(cString: strerror(errno)))")
        }
        guard rename(extracted, path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(aside, path)
            throw BackupError(step: step, "cannot put the restored \(path) in place: \(reason)")
        }
    }

    /// The database answers, every event store on it is consistent (a full scan), and every
    /// storage path matches its archive; returns what was checked, throws at the first that fails.
    private func validate(archives: [BackupManifest.Artefact], in folder: String,
                          deadline: ContinuousClock.Instant) throws(BackupError) -> String {
        var checked = ["database \(database.name) answers"]
        do throws(PostgresError) {
            let connection = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
            _ = try connection.query("SELECT 1", deadline: deadline)
            for store in eventStores {
                let scan = try EventStoreScan.full(EventStoreTable(store), on: connection, maxIssues: store.maxIssues, deadline: deadline)
                guard scan.totalIssues == 0 else {
                    let counts = ConsistencyReport.countsText(scan.issueCounts)
                    let first = scan.issues.prefix(3).map { "aggregate \($0.aggregateID): \($0.details)" }.joined(separator: "; ")
                    throw PostgresError("event store \(store.table) is inconsistent: \(counts) (\(first))")
                }
                checked.append("event store \(store.table) consistent (\(scan.eventsChecked) events of \(scan.aggregatesChecked) aggregates)")
            }
        } catch {
            throw BackupError(step: "validate", "database \(database.name): \(error.description)")
        }
        for archive in archives {
            guard access(archive.source, F_OK) == 0 else {
                throw BackupError(step: "validate", "\(archive.source) is missing after the restore")
            }
            let entries = try RestoredTree.check(archive.source, against: folder + "/" + archive.path, deadline: deadline)
            checked.append("\(archive.source) matches its archive (\(entries) entries)")
        }
        return checked.joined(separator: ", ")
    }
}
