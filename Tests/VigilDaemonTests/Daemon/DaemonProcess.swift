import Foundation
import Glibc
import VigilCore
import VigilTestSupport

/// The real `vigil run` as a child process: its config (mode 0644) and `runtime_dir` in a scratch
/// directory, its notify socket bound by the test, its environment given explicitly (the test
/// process's own is never touched), its stdout and stderr collected.
final class DaemonProcess {
    let directory: ScratchDirectory
    let notify: NotifyRecorder
    let process: BackgroundProcess
    let configPath: String

    /// Starts `vigil run --config <scratch>/vigil.toml --log-target <logTarget>` with `body` (every
    /// table but `[daemon]`, which points `runtime_dir` into the scratch directory).
    ///
    /// `environment` is added to `NOTIFY_SOCKET` and `SWIFT_BACKTRACE=enable=no` (a crashing daemon
    /// must not sit in the backtracer while a test waits). `launcher` runs before the executable,
    /// e.g. a shell that exports the daemon's own pid and then `exec`s it.
    init(body: String, logTarget: String = "console", arguments: [String] = [],
         environment: [String: String] = [:], launcher: [String] = [], directory: ScratchDirectory? = nil) throws {
        let directory = try directory ?? ScratchDirectory()
        self.directory = directory
        notify = try NotifyRecorder()
        configPath = try directory.write("vigil.toml", Self.config(body, in: directory))
        var environment = environment
        environment["NOTIFY_SOCKET"] = notify.socketPath
        environment["SWIFT_BACKTRACE"] = "enable=no"
        var argv = [RepositoryPaths.vigilExecutable.path, "run", "--config", configPath]
        if logTarget != "default" { argv += ["--log-target", logTarget] }
        process = try BackgroundProcess(launcher + argv + arguments, environment: environment)
    }

    static func config(_ body: String, in directory: ScratchDirectory) -> String {
        TestConfig.daemon(runtimeDirectory: directory.file("run"), stateDirectory: directory.file("state")) + "\n" + body
    }

    /// Replaces the config (same `[daemon]` table); the daemon reads it on SIGHUP.
    func rewriteConfig(body: String) throws {
        try directory.write("vigil.toml", Self.config(body, in: directory))
    }

    /// Replaces the config with `text` verbatim (for configs that must not parse).
    func rewriteConfig(raw text: String) throws {
        try directory.write("vigil.toml", text)
    }

    /// The first `READY=1`, or nil if the daemon does not get there within `timeout`.
    func waitForReady(timeout: Duration = .seconds(20)) -> NotifyRecorder.Datagram? {
        notify.first(timeout: timeout) { $0.has("READY", "1") }?.datagram
    }

    /// The live report the daemon keeps in `<runtime_dir>/status.json`.
    var report: HealthReport? {
        guard let data = FileManager.default.contents(atPath: directory.file("run/status.json")) else { return nil }
        return try? HealthReport.decode(json: data)
    }

    /// The whole of status.json: the report, the engine's decisions, the writer.
    var document: StatusDocument? {
        guard let data = FileManager.default.contents(atPath: directory.file("run/status.json")) else { return nil }
        return try? StatusDocument.decode(json: data)
    }

    /// Waits until status.json satisfies `condition`; returns the report that did, or nil.
    func waitForReport(timeout: Duration = .seconds(20), where condition: (HealthReport) -> Bool) -> HealthReport? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let report, condition(report) { return report }
            if ContinuousClock.now >= deadline { return nil }
            usleep(50_000)
        }
    }

    /// The status of `check` in status.json, once it is not UNKNOWN any more.
    func waitForResult(of check: String, _ status: Status, timeout: Duration = .seconds(20),
                       where condition: (CheckResult) -> Bool = { _ in true }) -> CheckResult? {
        waitForReport(timeout: timeout) { $0.checks.contains { $0.name == check && $0.status == status && condition($0) } }?
            .checks.first { $0.name == check }
    }

    /// What the daemon printed on stdout and stderr so far.
    var output: String { process.printed }

    func occurrences(of text: String) -> Int {
        output.components(separatedBy: text).count - 1
    }

    var isRunning: Bool { process.waitForExit(timeout: .zero) == nil }

    /// Sends SIGTERM; the exit code once the daemon exited within `timeout`, else nil.
    func terminate(timeout: Duration = .seconds(5)) -> Int32? {
        process.signal(SIGTERM)
        return process.waitForExit(timeout: timeout).flatMap(BackgroundProcess.exitCode(fromWaitStatus:))
    }
}

/// Blocks the calling thread for `duration` (the daemon under test runs in another process).
func pause(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}
