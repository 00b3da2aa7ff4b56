import ArgumentParser
import FoundationEssentials
import VigilCore
import VigilDaemon

/// `vigil samples`: each `[[sample]]`'s window, mean, last value and state, from the running
/// daemon's status.json, without measuring anything.
struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "Show each sampled operation's baseline, last value and findings.",
        discussion: """
            Reads <runtime_dir>/status.json, as `vigil status` does: one row per [[sample]] with \
            its last duration (or the error it failed with), the mean of its window (the baseline a \
            new sample is judged against), the window itself, oldest first, and what holds now: \
            ok, warming up (N of WINDOW), or the findings (degraded, memory growth, leak, CPU). \
            Exits 0, or 3 when vigil is not running.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The daemon's runtime folder, instead of the one the configuration names.", valueName: "path"))
    var runtimeDir: String?

    @Option(help: "Output format: text (one row per sample) or json (status.json's samples).")
    var format: CheckCommand.Format = .text

    func run() throws {
        let samples = try StatusCommand.runningDocument(runtimeDir: runtimeDir, options: options).samples
        switch format {
        case .text: print(SamplesText.render(samples))
        case .json: printJSON(samples)
        }
    }
}
