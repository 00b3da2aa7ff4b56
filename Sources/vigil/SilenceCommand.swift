import ArgumentParser
import FoundationEssentials
import Glibc
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil silence`: lays, lists and removes silences through the running daemon (a request file
/// plus SIGUSR1, as `vigil ack`), and lists the maintenance windows in force, from status.json.
struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Silence checks for a while, list what is silenced, or end a silence.",
        discussion: """
            While a silence or a [[maintenance]] window covers a check, it still runs and is \
            journaled, but opens no incident, notifies nobody and runs no remediation; a check \
            still confirmed failing when it ends opens its incident then. `vigil silence --checks \
            api,database --for 1h --reason TEXT` leaves <runtime_dir>/silence/TOKEN, sends SIGUSR1 \
            to the daemon named in status.json and prints the new silence's id once status.json \
            lists it. Without --checks every check is silenced. `--list` prints the silences and \
            windows in force; `--remove ID` ends a silence early. Silences are kept in \
            <state_dir>/silences.json across restarts. Exits 0 when done, 1 when the daemon did not \
            take the request in time (it is withdrawn) or the silence to remove is not in force, 3 \
            when vigil is not running, 64 for a usage error, 65 for an invalid configuration.
            """)

    @Option(help: ArgumentHelp("The checks to silence, comma-separated; default: every check.", valueName: "names"))
    var checks: String?

    @Option(name: .customLong("for"), help: ArgumentHelp("How long, e.g. 30m, 1h, 2h30m.", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("Why (shown in the journal and by --list).", valueName: "text"))
    var reason: String?

    @Option(help: ArgumentHelp("Who silences; default: $SUDO_USER, else the invoking user's login name.", valueName: "name"))
    var by: String?

    @Flag(help: "List the silences and maintenance windows in force.")
    var list = false

    @Option(help: ArgumentHelp("End the silence with this id early.", valueName: "SIL-YYYYMMDD-NNNN"))
    var remove: String?

    @Option(help: ArgumentHelp("Output format of --list.", valueName: "text|json"))
    var format: String = "text"

    @OptionGroup var options: ConfigOptions

    @OptionGroup var request: DaemonRequestOptions

    func validate() throws {
        let actions = [list, remove != nil, duration != nil || checks != nil || reason != nil].filter { $0 }.count
        guard actions == 1 else {
            throw ValidationError("give --for and --reason (with --checks) to silence, --list, or --remove ID: one of them")
        }
        guard format == "text" || format == "json" else { throw ValidationError("--format must be text or json") }
        if let remove, !Silence.isID(remove) {
            throw ValidationError("\(remove) is not a silence id (SIL-YYYYMMDD-NNNN, e.g. SIL-20270115-0001)")
        }
        if list || remove != nil { return }
        guard let duration, let parsed = DurationText.parse(duration), parsed > .zero else {
            throw ValidationError("--for must be a duration such as 30m, 1h or 2h30m")
        }
        guard let reason, !reason.allSatisfy(\.isWhitespace), !reason.contains("\n") else {
            throw ValidationError("--reason must say why, on one line")
        }
        if let by, by.allSatisfy({ $0 == " " || $0 == "\t" }) || by.contains("\n") {
            throw ValidationError("--by must name somebody, on one line")
        }
        if let checks, checkNames(checks).isEmpty {
            throw ValidationError("--checks must name at least one check (leave it out to silence every check)")
        }
    }

    private func checkNames(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let configuration = try options.load()
        let statusPath = request.statusPath(for: configuration)
        if list { return try printList(statusPath: statusPath) }
        let known = Set(configuration.checks.map(\.name))
        let names = checks.map(checkNames) ?? []
        for name in names where !known.contains(name) {
            printToStandardError("no check named \(name) in \(configuration.sources.joined(separator: ", "))")
            throw ExitCode(ExitStatus.usage)
        }
        let pid = try SignalledDaemon.pid(statusPath: statusPath, request: "silence")
        let person = by ?? AckCommand.invokingUser(ProcessInfo.processInfo.environment)
        let token = SilenceRequests.newToken()
        let posted: SilenceRequests.Request
        if let remove {
            let shown = (try? StatusFile(path: statusPath).read())?.maintenance ?? []
            guard shown.contains(where: { $0.kind == .silence && $0.name == remove }) else {
                printToStandardError("vigil (pid \(pid)) has no silence \(remove) in force; `vigil silence --list` lists them")
                throw ExitCode.failure
            }
            posted = SilenceRequests.Request(token: token, by: person, remove: remove)
        } else {
            let seconds = WallClock.seconds(DurationText.parse(duration ?? "") ?? .zero)
            posted = SilenceRequests.Request(token: token, by: person,
                                             add: .init(checks: names, seconds: seconds, reason: reason ?? ""))
        }
        let requests = SilenceRequests(besideStatusFile: statusPath)
        let deadline = try request.deliver(to: pid, at: requests.path(for: token), asking: "the silence",
                                           named: "the request") { try requests.post(posted) }
        // The daemon rewrites status.json at once after a request; give it at least a second.
        var shown: [MaintenanceView] = []
        let done = DaemonRequestOptions.waitUntil(max(deadline, ContinuousClock.now + .seconds(1))) {
            shown = (try? StatusFile(path: statusPath).read())?.maintenance ?? []
            if let remove { return !shown.contains { $0.name == remove } }
            return shown.contains { $0.request == token }
        }
        guard done else {
            printToStandardError("vigil (pid \(pid)) took the request, but status.json does not show it done; see the journal")
            throw ExitCode.failure
        }
        if let remove {
            print("silence \(remove) removed")
        } else if let silence = shown.first(where: { $0.request == token }) {
            print(silence.line(until: WallClock.text(silence.until)))
        }
    }

    private func printList(statusPath: String) throws {
        let document: StatusDocument
        do {
            document = try StatusFile(path: statusPath).read()
        } catch {
            printToStandardError("cannot read \(statusPath): \(error)")
            throw ExitCode(Status.unknown.exitCode)
        }
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(document.maintenance), as: UTF8.self))
            return
        }
        if document.maintenance.isEmpty {
            print("nothing silenced")
            return
        }
        for view in document.maintenance {
            print(view.line(until: WallClock.text(view.until)))
        }
    }
}
