import ArgumentParser
import FoundationEssentials
import Glibc
import VigilBackup
import VigilConfig
import VigilCore
import VigilDaemon
import VigilProbes
import VigilSystemd

/// `vigil restore`: puts a verified backup back, after saving the current state.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore the database and the storage paths from a backup, after a safety backup.",
        discussion: """
            BACKUP is a backup's folder, or its name in [backup] destination (as `vigil backups` \
            lists it). The backup is verified first and refused if anything in it does not match; \
            then a safety backup of the current state is taken (label before-restore; not with \
            --no-safety-backup), the [backup] units are stopped over the system bus (in their \
            order), the database is restored with pg_restore --clean --if-exists in one \
            transaction, each storage path is replaced whole, and the result is validated: the \
            database answers, a full scan of every enabled event_store check on it finds no anomaly, \
            and each storage path matches its archive (tar --compare, and no entry beside them). Only \
            then are the units started again (in reverse order), and the enabled checks run once, \
            as `vigil check` runs them. The first step that fails ends the restore, named, with the \
            safety backup's path; nothing after it runs, and units stopped by then stay stopped \
            (never started on a half-restored database). Config files in the backup are not put \
            back: they are there to compare. Stopping units needs root (or a role polkit lets \
            stop and start them).

            On a terminal it asks before changing anything; elsewhere --yes is required. \
            Exits 0 when restored and the checks are healthy (or, with --dry-run, when the backup \
            verifies), 1 when the restore failed or was refused, 2 when it restored but a check \
            is not healthy afterwards (the units keep running: the data is restored).
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("The backup's folder or name.", valueName: "backup"))
    var backup: String

    @Flag(help: "Do not ask: restore at once.")
    var yes = false

    @Flag(help: "Verify the backup and say what would be done; change nothing.")
    var dryRun = false

    @Flag(help: "Skip the safety backup of the current state (when it cannot be taken, or was just taken).")
    var noSafetyBackup = false

    @Option(help: "Output format of the report: text, or json (success, recoveredAt, backup, bytes, safetyBackup, steps, stoppedUnits, startedUnits, healthy).")
    var format: ConsistencyCommand.Format = .text

    func run() throws {
        let configuration = try options.load()
        let (settings, database) = try BackupCommand.backupSettings(configuration)
        let folder = backup.contains("/") ? backup : settings.destination + "/" + backup
        if !dryRun && !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                printToStandardError("restore changes database \(database.name) and \(settings.storage.count) storage paths: add --yes to run it without a terminal")
                throw ExitCode(1)
            }
            printToStandardError("Restore database \(database.name) and \(settings.storage.count) storage paths from \(folder)? Type yes: ", newline: false)
            guard readLine()?.trimmingSpaces() == "yes" else {
                printToStandardError("not restored")
                throw ExitCode(1)
            }
        }
        let eventStores = configuration.enabledChecks.compactMap { check -> EventStoreCheckSettings? in
            if case .eventStore(let store) = check.kind { return store }
            return nil
        }
        let runner = RestoreRunner(settings: settings, database: database, eventStores: eventStores,
                                   services: settings.units.isEmpty ? nil : SystemdRestoreServices())
        let started = ContinuousClock.now
        let journal = JournalWriter()
        let name = URL(fileURLWithPath: folder).lastPathComponent
        var report: RestoreRunner.Report
        do throws(RestoreRunner.Failure) {
            report = try runner.run(backup: folder, safetyBackup: !noSafetyBackup, dryRun: dryRun) { printToStandardError($0) }
        } catch {
            if !dryRun {
                journal.write(.restoreFailed(backup: name, step: error.error.step, reason: error.error.reason,
                                             safetyBackup: error.report.safetyBackup,
                                             durationMs: DurationText.elapsedMilliseconds(since: started),
                                             unitsLeftStopped: error.report.unitsLeftStopped, bytes: error.report.bytes))
            }
            printToStandardError(error.description)
            Self.print(error.report, format: format, dryRun: dryRun)
            throw ExitCode(1)
        }
        if dryRun {
            Self.print(report, format: format, dryRun: true)
            return
        }
        let failing = Self.runHealthChecks(configuration, into: &report)
        journal.write(.restoreFinished(backup: name, safetyBackup: report.safetyBackup, steps: report.steps,
                                       durationMs: DurationText.elapsedMilliseconds(since: started),
                                       units: report.startedUnits, bytes: report.bytes))
        Self.print(report, format: format, dryRun: false)
        guard failing.isEmpty else {
            printToStandardError("restored, but health checks fail: " + failing.joined(separator: "; "))
            throw ExitCode(2)
        }
    }

    /// The enabled checks, once, as `vigil check` runs them, each a step of the report; returns
    /// the ones that are not HEALTHY.
    static func runHealthChecks(_ configuration: VigilConfiguration, into report: inout RestoreRunner.Report) -> [String] {
        let checks = configuration.enabledChecks
        guard !checks.isEmpty else { return [] }
        let health = CheckCommand.runOnce(checks, factory: ProbeFactory(configuration: configuration))
        for result in health.checks {
            let text = "health check \(result.name): \(result.status.rawValue) (\(result.message))"
            report.steps.append(text)
            printToStandardError(text)
        }
        report.healthy = health.overall == .healthy
        return health.checks.filter { $0.status != .healthy }.map { "\($0.name) \($0.status.rawValue) (\($0.message))" }
    }

    static func print(_ report: RestoreRunner.Report, format: ConsistencyCommand.Format, dryRun: Bool) {
        switch format {
        case .json:
            printJSON(report)
        case .text:
            if dryRun {
                Swift.print(report.success ? "dry run: \(report.backup) verifies; nothing was changed" : "dry run: refused")
            } else {
                let at = report.recoveredAt.map { " at \(WallClock.text($0))" } ?? ""
                if !report.success {
                    Swift.print("failed")
                } else if report.healthy == false {
                    Swift.print("restored from \(report.backup)\(at), but health checks fail")
                } else {
                    Swift.print("success: restored from \(report.backup)\(at)")
                }
            }
        }
    }
}
