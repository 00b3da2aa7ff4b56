import ArgumentParser
import VigilConfig
import VigilCore

/// `vigil validate`: checks the configuration without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the configuration and report every error.",
        discussion: "Exits 0 with a one-line summary for a good configuration, 65 with every error for a bad one. "
            + "Run it before `systemctl reload vigil`.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        switch ConfigLoader.load(paths: options.paths) {
        case .success(let configuration):
            print("configuration OK: \(configuration.summary) (\(configuration.sources.joined(separator: ", ")))")
        case .failure(let errors):
            for error in errors.errors { printToStandardError(error.description) }
            let count = errors.errors.count
            printToStandardError("configuration invalid: \(count) error\(count == 1 ? "" : "s")")
            throw ExitCode(ExitStatus.invalidConfiguration)
        }
    }
}
