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

    /// Leaves a request file at `path` (`post`), sends SIGUSR1 to `pid` and waits until the daemon
    /// has taken the file. One that was not taken in time is withdrawn, unless the daemon took it
    /// first (then it was answered after all). Says why on stderr and exits 1 when it cannot be
    /// left or was not taken, 3 when vigil cannot be signalled. `asking` and `named` name the
    /// request in those messages ("the resume of NAME", "the request for NAME"). Returns the
    /// deadline, for waiting on the outcome.
    func deliver(to pid: Int32, at path: String, asking: String, named: String,
                 post: () throws -> Void) throws -> ContinuousClock.Instant {
        do {
            try post()
        } catch {
            printToStandardError("cannot ask for \(asking): \(error)")
            throw ExitCode.failure
        }
        guard kill(pid, SIGUSR1) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            printToStandardError("cannot signal vigil (pid \(pid)): \(reason)")
            throw ExitCode(Status.unknown.exitCode)
        }
        let deadline = deadline
        let taken = Self.waitUntil(deadline, { access(path, F_OK) != 0 }) || unlink(path) != 0
        guard taken else {
            printToStandardError("vigil (pid \(pid)) did not pick up \(named) within \(wait); it was withdrawn")
            throw ExitCode.failure
        }
        return deadline
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
