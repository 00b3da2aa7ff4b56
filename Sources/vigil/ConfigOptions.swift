import ArgumentParser
import VigilConfig
import VigilCore

/// `--config`, shared by every subcommand that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A config file, or a directory whose *.toml files are read in lexical order. Repeat to add more.",
        discussion: "Default: /etc/vigil/vigil.toml, then /etc/vigil/vigil.d/*.toml (the directory may be absent).",
        valueName: "path"))
    var config: [String] = []

    var paths: [String] { config.isEmpty ? ConfigLoader.defaultPaths : config }

    /// The validated configuration; on errors, prints each (file, line:column, table, key) on
    /// stderr and exits 65, as every command but `run` (which journals them) reports them.
    func load() throws -> VigilConfiguration {
        switch ConfigLoader.load(paths: paths) {
        case .success(let configuration): return configuration
        case .failure(let errors):
            for error in errors.errors { printToStandardError(error.description) }
            throw ExitCode(ExitStatus.invalidConfiguration)
        }
    }
}

/// Exit codes for configuration and usage problems (sysexits.h), above the plugin codes 0–3.
enum ExitStatus {
    static let usage: Int32 = 64
    static let invalidConfiguration: Int32 = 65
}
