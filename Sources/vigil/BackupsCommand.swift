import ArgumentParser
import FoundationEssentials
import VigilBackup
import VigilConfig
import VigilCore

/// `vigil backups`: the backups in the destination, newest first, with what their manifests say;
/// `--verify` re-reads every one from disk.
struct BackupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backups",
        abstract: "List the backups in [backup] destination, newest first, and verify them on request.",
        discussion: """
            One line per backup: its name, size, verification state when it was made, and with \
            --verify the result of verifying it again now (manifest against its checksum, every \
            file's SHA-256, `pg_restore --list`, `tar --list`). Folders being written (.<name>.partial) \
            are not listed. Exits 0, or 1 when --verify found a backup that does not verify.
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Verify each listed backup again, reading every file.")
    var verify = false

    func run() throws {
        let configuration = try options.load()
        let (settings, _) = try BackupCommand.backupSettings(configuration)
        let entries = BackupCatalog.list(destination: settings.destination)
        if entries.isEmpty { print("no backups in \(settings.destination)") }
        var failed = false
        for entry in entries {
            var line: String
            switch entry.state {
            case .complete(let manifest):
                line = "\(entry.name)  \(manifest.totalBytes) bytes  \(manifest.verification.verified ? "verified" : "NOT VERIFIED")"
                if verify {
                    do throws(BackupError) {
                        _ = try BackupVerifier.verify(folder: entry.path, pgRestore: settings.pgRestore, timeout: settings.timeout)
                        line += ", verified again now"
                    } catch {
                        failed = true
                        line += ", FAILS NOW: \(error.reason)"
                    }
                }
            case .unreadable(let reason):
                failed = failed || verify
                line = "\(entry.name)  UNREADABLE: \(reason)"
            }
            print(line)
        }
        if failed { throw ExitCode(1) }
    }
}
