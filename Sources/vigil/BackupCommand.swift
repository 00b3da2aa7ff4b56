import ArgumentParser
import FoundationEssentials
import VigilBackup
import VigilConfig
import VigilCore
import VigilDaemon
import VigilProcess
import VigilSystemd

/// `vigil backup`: one backup as `[backup]` describes it, verified before it counts.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database, the storage paths and the config, and verify the result.",
        discussion: """
            Writes <destination>/<UTC time>[-label]/ with the database's pg_dump (custom format), a \
            tar.gz of each storage path, a copy of each config file and manifest.json (sizes, \
            SHA-256s, the server's version and size, the tools' versions, the verification). The \
            folder is written as .<name>.partial and renamed only once everything is verified: \
            SHA-256s re-read from disk, `pg_restore --list` of the dump, `tar --list` of each \
            archive; with [backup] verify = "restore" also the dump restored into a scratch database \
            (created and dropped here), its row counts compared with the source's and each \
            event_store check of the database run against it. Then retention removes what [backup] \
            keep and keep_for no longer keep. \
            The password reaches pg_dump through a private passfile, never its command line.

            Ctrl-C (SIGINT) or SIGTERM ends pg_dump or tar, removes the partial folder and exits \
            130 or 143; the interrupted attempt is recorded like a failed one.

            Exits 0 with the backup's folder on stdout, 1 when the backup failed (nothing that \
            looks like a backup is left, and no older backup is removed), 130 or 143 when a signal \
            interrupted it, 65 on an invalid configuration.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("A word for the folder name (letters, digits, '.', '_', '-'), e.g. pre-migration.", valueName: "text"))
    var label: String?

    func validate() throws {
        if let label, !BackupName.isValidLabel(label) {
            throw ValidationError("--label must be 1 to 64 letters, digits, '.', '_' or '-', got \"\(label)\"")
        }
    }

    func run() throws {
        let configuration = try options.load()
        let (settings, database) = try Self.backupSettings(configuration)
        let started = ContinuousClock.now
        let now = Date()
        let journal = JournalWriter()
        let cancellation = ChildCancellation()
        let signals = InterruptSignals { name in cancellation.cancel(reason: "interrupted by \(name)") }
        do throws(BackupError) {
            let eventStores = BackupRunner.eventStores(of: settings.database, in: configuration.checks)
            var runner = BackupRunner(settings: settings, database: database, eventStores: eventStores)
            // The manifest records the platform's version; one that cannot be read is said, and the backup goes on.
            if let release = configuration.release {
                switch ReleaseVersionReader.read(release) {
                case .success(let version): runner.release = version
                case .failure(let problem): printToStandardError("vigil backup: the running release is not recorded: \(problem)")
                }
            }
            let outcome = try runner.run(label: label, at: now, cancellation: cancellation)
            let milliseconds = DurationText.elapsedMilliseconds(since: started)
            let seconds = milliseconds / 1000
            journal.write(.backupFinished(outcome.manifest, path: outcome.path, durationMs: milliseconds, removed: outcome.removed))
            printToStandardError("backup \(outcome.manifest.name): \(outcome.manifest.artefacts.count) files, "
                + "\(outcome.manifest.totalBytes) bytes, verified, in \(NumberText.fixed(seconds, decimals: 1)) s")
            for step in outcome.manifest.verification.steps { printToStandardError("  \(step)") }
            for removed in outcome.removed { printToStandardError("retention removed \(removed)") }
            print(outcome.path)
        } catch {
            let name = BackupName(createdAt: now, label: label).description
            journal.write(.backupFailed(name: name, step: error.step, reason: error.reason,
                                        durationMs: DurationText.elapsedMilliseconds(since: started), bytes: error.bytesWritten))
            if let signal = signals.first {
                printToStandardError("backup \(name) interrupted by \(InterruptSignals.name(signal)) at \(error.step); "
                    + "nothing was kept, older backups are untouched")
                throw ExitCode(InterruptSignals.exitCode(signal))
            }
            printToStandardError("backup failed at \(error.description)")
            throw ExitCode(1)
        }
    }

    /// `[backup]` and its database, or a clear word that the configuration has none.
    static func backupSettings(_ configuration: VigilConfiguration) throws -> (BackupSettings, DatabaseSettings) {
        guard let settings = configuration.backup else {
            printToStandardError("the configuration has no [backup] table (see docs/configuration.md, [backup])")
            throw ExitCode(ExitStatus.invalidConfiguration)
        }
        // Validation guarantees the database exists.
        return (settings, configuration.databases[settings.database] ?? DatabaseSettings(name: settings.database, conninfo: ""))
    }
}
