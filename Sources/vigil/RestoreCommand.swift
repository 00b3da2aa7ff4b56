import ArgumentParser
import Foundation
import Glibc
import VigilBackup
import VigilConfig
import VigilCore
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
            --no-safety-backup), the database is restored with pg_restore --clean --if-exists in \
            one transaction, each storage path is replaced whole, and the result is checked. The \
            first step that fails ends the restore, named, with the safety backup's path; nothing \
            after it runs. Config files in the backup are not put back: they are there to compare.

            On a terminal it asks before changing anything; elsewhere --yes is required. \
            Exits 0 when restored (or, with --dry-run, when the backup verifies), 1 when the \
            restore failed or was refused.
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

    @Option(help: "Output format of the report: text, or json (success, recoveredAt, backup, safetyBackup, steps).")
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
            guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                printToStandardError("not restored")
                throw ExitCode(1)
            }
        }
        let runner = RestoreRunner(settings: settings, database: database)
        let started = ContinuousClock.now
        let journal = JournalWriter()
        let name = URL(fileURLWithPath: folder).lastPathComponent
        do throws(RestoreRunner.Failure) {
            let report = try runner.run(backup: folder, safetyBackup: !noSafetyBackup, dryRun: dryRun) { printToStandardError($0) }
            if !dryRun {
                journal.write(.restoreFinished(backup: name, safetyBackup: report.safetyBackup, steps: report.steps,
                                               durationMs: Double(DurationText.milliseconds(started.duration(to: .now)))))
            }
            Self.print(report, format: format, dryRun: dryRun)
        } catch {
            if !dryRun {
                journal.write(.restoreFailed(backup: name, step: error.error.step, reason: error.error.reason,
                                             safetyBackup: error.report.safetyBackup,
                                             durationMs: Double(DurationText.milliseconds(started.duration(to: .now)))))
            }
            printToStandardError(error.description)
            Self.print(error.report, format: format, dryRun: dryRun)
            throw ExitCode(1)
        }
    }

    static func print(_ report: RestoreRunner.Report, format: ConsistencyCommand.Format, dryRun: Bool) {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            Swift.print(String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self))
        case .text:
            if dryRun {
                Swift.print(report.success ? "dry run: \(report.backup) verifies; nothing was changed" : "dry run: refused")
            } else {
                Swift.print(report.success ? "success: restored from \(report.backup)"
                    + (report.recoveredAt.map { " at \(ISO8601DateFormatter().string(from: $0))" } ?? "") : "failed")
            }
        }
    }
}
