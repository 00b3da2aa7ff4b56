import ArgumentParser
import FoundationEssentials
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil status`: what the running daemon last saw and decided, from its status.json, without
/// running anything; and a clear word when no daemon is behind that file.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the running daemon's latest report and decisions.",
        discussion: """
            Reads <runtime_dir>/status.json, which `vigil run` rewrites as results arrive (at \
            most four times a second): each check (status, SOFT or HARD, since when, flapping, \
            breaker, suppression, reason), each remediation plan (budget left, next allowed \
            attempt, stopped or not) and what is running now. Exits 0/1/2/3 with the overall \
            status. The folder is --runtime-dir, else the configuration's [daemon] runtime_dir, \
            else $RUNTIME_DIRECTORY, else /run/vigil. \
            Exits 3 (UNKNOWN) when vigil is not running: no status file, or the pid that wrote it \
            is gone (or is no longer vigil).
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The daemon's runtime folder, instead of the one the configuration names.", valueName: "path"))
    var runtimeDir: String?

    @Option(help: "Output format: text (header and tables) or json (status.json as the daemon wrote it).")
    var format: CheckCommand.Format = .text

    func run() throws {
        let document = try Self.runningDocument(runtimeDir: runtimeDir, options: options)
        switch format {
        case .text: print(StatusText.render(document, now: Date()))
        case .json: print(String(decoding: document.json(), as: UTF8.self))
        }
        throw ExitCode(document.report.overall.exitCode)
    }

    /// The running daemon's status.json; exit 3 (UNKNOWN) when no daemon is behind it.
    static func runningDocument(runtimeDir: String?, options: ConfigOptions) throws -> StatusDocument {
        let path = try statusPath(runtimeDir: runtimeDir, options: options)
        switch DaemonPresence.check(statusPath: path) {
        case .notRunning(let message):
            printToStandardError(message)
            throw ExitCode(Status.unknown.exitCode)
        case .unidentified(let found):
            printToStandardError("note: \(path) does not name the daemon that wrote it, so whether it still runs is unknown")
            return found
        case .running(_, let found):
            return found
        }
    }

    /// `<runtime folder>/status.json`: `runtimeDir` if given, else from the configuration's
    /// `[daemon]` table (which requires a valid configuration: exit 65 otherwise).
    static func statusPath(runtimeDir: String?, options: ConfigOptions) throws -> String {
        let settings: DaemonSettings
        if let runtimeDir {
            settings = DaemonSettings(runtimeDirectory: runtimeDir)
        } else {
            settings = try options.load().daemon
        }
        return StatusFile.path(for: settings, environment: ProcessInfo.processInfo.environment)
    }
}
