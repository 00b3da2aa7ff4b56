import ArgumentParser
import FoundationEssentials
import Glibc
import VigilCore
import VigilDaemon

/// The options of a request posted to the running daemon (`vigil resume`, `vigil ack`): where its
/// status.json is, and how long to wait for the daemon to take the request.
struct DaemonRequestOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The daemon's runtime folder, instead of the one the configuration names.", valueName: "path"))
    var runtimeDir: String?

    @Option(help: ArgumentHelp("How long to wait for the daemon, e.g. 5s or 1500ms.", valueName: "duration"))
    var wait: String = "5s"

    func validate() throws {
        guard DurationText.parse(wait) != nil else {
            throw ValidationError("--wait \(wait) is not a duration (750ms, 5s, 1m)")
        }
    }

    /// The status.json of the daemon `configuration` runs, or of `--runtime-dir`.
    func statusPath(for configuration: VigilConfiguration) -> String {
        StatusFile.path(for: runtimeDir.map { DaemonSettings(runtimeDirectory: $0) } ?? configuration.daemon,
                        environment: ProcessInfo.processInfo.environment)
    }

    /// When to stop waiting, counted from now.
    var deadline: ContinuousClock.Instant {
        ContinuousClock.now + (DurationText.parse(wait) ?? .seconds(5))
    }

    /// Checks `condition` every 20 ms until it holds (true) or `deadline` passes (false).
    static func waitUntil(_ deadline: ContinuousClock.Instant, _ condition: () -> Bool) -> Bool {
        while true {
            if condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            usleep(20_000)
        }
    }
}
