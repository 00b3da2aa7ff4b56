import ArgumentParser
import FoundationEssentials
import Glibc
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil rollback`: the `[rollback]` procedure by hand, run by the daemon (a request file plus
/// SIGUSR1), so one actor keeps one state and one hold; it follows the steps in status.json.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Roll the running release back to the last known good (or --to VERSION) now.",
        discussion: """
            Runs the [rollback] steps by hand, whatever the trigger and [rollback] mode say: the \
            daemon switches back, restores, runs each step, verifies for verify_for and marks the \
            running release rolled back, as when its trigger fires; a failure escalates and holds \
            every plan and rollback until `vigil resume rollback`. With --dry-run it prints the \
            steps with {version} filled in and asks nothing of the daemon. Otherwise it asks on a \
            terminal (elsewhere --yes is required), leaves <runtime_dir>/rollback/request, sends \
            SIGUSR1 to the daemon and prints each step as status.json shows it. The target must be \
            a release Vigil saw run (`vigil releases`) and was not rolled back; Vigil never rolls \
            forward to a release it rolled back. Interrupting this command does not stop the \
            rollback. Exits 0 when it verified (or, with --dry-run, printed), 1 when it failed or \
            was refused, 3 when vigil is not running, 65 for an invalid configuration or no \
            [rollback].
            """)

    @Option(help: ArgumentHelp("The release to put back; default: the last known good.", valueName: "version"))
    var to: String?

    @Flag(help: "Print the steps it would run, with {version} filled in; change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask: roll back at once.")
    var yes = false

    @Option(help: ArgumentHelp("Who asks; default: $SUDO_USER, else the invoking user's login name.", valueName: "name"))
    var by: String?

    @OptionGroup var options: ConfigOptions

    @OptionGroup var request: DaemonRequestOptions

    func run() throws {
        let configuration = try options.load()
        guard let settings = configuration.rollback else {
            printToStandardError("no [rollback] table in the configuration: nothing says how to roll back")
            throw ExitCode(ExitStatus.invalidConfiguration)
        }
        let book = try ReleasesCommand.book(of: configuration)
        let running = book.running ?? "(not read yet)"
        let target = to ?? book.lastKnownGood?.version
        if dryRun {
            guard let target else {
                printToStandardError("no release has been the last known good yet; name one with --to")
                throw ExitCode.failure
            }
            if let refusal = RollbackVersion.refusal(target) {
                printToStandardError("\(target) cannot name a release: \(refusal)")
                throw ExitCode.failure
            }
            print("would roll release \(running) back to \(target):")
            for (index, step) in settings.steps.enumerated() {
                print("  \(index + 1). \(step.substituting(version: target).summary)")
            }
            print("then verify for \(DurationText.format(settings.verifyFor)): the version reads as \(target), no trigger check confirmed CRITICAL")
            return
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                printToStandardError("rollback changes the running release: add --yes to run it without a terminal")
                throw ExitCode.failure
            }
            printToStandardError("Roll release \(running) back to \(target ?? "the last known good") (\(settings.steps.count) steps)? Type yes: ",
                                 newline: false)
            guard readLine()?.trimmingSpaces() == "yes" else {
                printToStandardError("not rolled back")
                throw ExitCode.failure
            }
        }
        try ask(configuration)
    }

    /// How long status.json may show neither the rollback nor its end: it is rewritten every second.
    static let patience: Duration = .seconds(15)

    /// Posts the request, then follows status.json until the rollback it started has ended.
    private func ask(_ configuration: VigilConfiguration) throws {
        let statusPath = request.statusPath(for: configuration)
        let pid = try SignalledDaemon.pid(statusPath: statusPath, request: "rollback")
        let requests = RollbackRequests(besideStatusFile: statusPath)
        // status.json's times are whole seconds.
        let askedAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded(.down))
        _ = try request.deliver(to: pid, at: requests.path, asking: "a rollback", named: "the rollback request") {
            try requests.post(RollbackRequests.Request(to: to, by: by ?? AckCommand.invokingUser(ProcessInfo.processInfo.environment)))
        }
        var said = ""
        var idleSince = ContinuousClock.now
        while true {
            let view = (try? StatusFile(path: statusPath).read())?.release?.rollback
            if let refusal = view?.refusal, refusal.at >= askedAt {
                printToStandardError("refused: \(refusal.reason)")
                throw ExitCode.failure
            }
            if let running = view?.running, running.step != nil || running.verifyingUntil != nil {
                let line = running.step.map { "step \($0)/\(running.steps): \(running.summary ?? "")" }
                    ?? "verifying until \(running.verifyingUntil.map(WallClock.text) ?? "")"
                idleSince = ContinuousClock.now
                if line != said {
                    print("rolling \(running.release) back to \(running.restoring): \(line)")
                    said = line
                }
            } else if let last = view?.last, last.startedAt >= askedAt {
                if last.success {
                    print("rolled \(last.release) back to \(last.restoring) in \(last.rollbackTimeMs.map { "\($0) ms" } ?? "?"), verified")
                    return
                }
                printToStandardError("the rollback of \(last.release) failed at \(last.error ?? "?"); every plan and rollback is held until `vigil resume rollback`")
                throw ExitCode.failure
            }
            if ContinuousClock.now - idleSince > Self.patience {
                printToStandardError("vigil (pid \(pid)) took the request but shows no rollback after \(DurationText.format(Self.patience)); see the journal")
                throw ExitCode.failure
            }
            guard kill(pid, 0) == 0 || errno == EPERM else {
                printToStandardError("vigil (pid \(pid)) is gone; the journal says how far the rollback got")
                throw ExitCode(Status.unknown.exitCode)
            }
            usleep(200_000)
        }
    }
}
