import ArgumentParser
import Foundation
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil status`: what the running daemon last saw, from its status.json, without running anything.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the running daemon's latest report.",
        discussion: """
            Reads <runtime_dir>/status.json, which `vigil run` rewrites as results arrive (at \
            most four times a second), and exits 0/1/2/3 with its overall status. The folder is \
            --runtime-dir, else the configuration's [daemon] runtime_dir, else $RUNTIME_DIRECTORY, \
            else /run/vigil. \
            Exits 3 (UNKNOWN) when there is no report to read.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The daemon's runtime folder, instead of the one the configuration names.", valueName: "path"))
    var runtimeDir: String?

    @Option(help: "Output format: text (aligned lines) or json (the stable SystemHealthReport shape).")
    var format: CheckCommand.Format = .text

    func run() throws {
        let settings: DaemonSettings
        if let runtimeDir {
            settings = DaemonSettings(runtimeDirectory: runtimeDir)
        } else {
            switch ConfigLoader.load(paths: options.paths) {
            case .success(let configuration): settings = configuration.daemon
            case .failure(let errors):
                for error in errors.errors { printToStandardError(error.description) }
                throw ExitCode(ExitStatus.invalidConfiguration)
            }
        }
        let file = StatusFile(path: StatusFile.path(for: settings, environment: ProcessInfo.processInfo.environment))
        let report: HealthReport
        do {
            report = try file.read().report
        } catch {
            printToStandardError("no report at \(file.path) (is vigil running?): \(error.localizedDescription)")
            throw ExitCode(Status.unknown.exitCode)
        }
        switch format {
        case .text: print("report of \(ISO8601DateFormatter().string(from: report.timestamp))\n\(report.text)")
        case .json: print(String(decoding: report.json(prettyPrinted: true), as: UTF8.self))
        }
        throw ExitCode(report.overall.exitCode)
    }
}
