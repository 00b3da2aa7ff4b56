import ArgumentParser
import FoundationEssentials
import Glibc
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil ack ID`: takes an incident, through the running daemon (a request file plus SIGUSR1, as
/// `vigil resume`), so its escalation stops; says so once status.json shows it acknowledged.
struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge an incident, which stops its escalation.",
        discussion: """
            Leaves <runtime_dir>/ack/ID, sends SIGUSR1 to the daemon named in status.json, waits \
            until the daemon has taken the request and status.json shows the incident \
            acknowledged. An incident acknowledged already keeps its first acknowledgement (the \
            note is still added to its timeline). Exits 0 when it shows acknowledged, 1 when the \
            daemon did not take the request in time (it is withdrawn) or the incident is resolved \
            or unknown (the daemon journals the request), 3 when vigil is not running (or would \
            not survive SIGUSR1), 64 for an id that is not INC-YYYYMMDD-NNNN, 65 for an invalid \
            configuration.
            """)

    @Argument(help: ArgumentHelp("The incident's id, as `vigil incidents` lists it.", valueName: "INC-YYYYMMDD-NNNN"))
    var id: String

    @Option(help: ArgumentHelp("Who takes it; default: $SUDO_USER, else the invoking user's login name.", valueName: "name"))
    var by: String?

    @Option(help: ArgumentHelp("A line for the incident's timeline (what is being done).", valueName: "text"))
    var note: String?

    @OptionGroup var options: ConfigOptions

    @OptionGroup var request: DaemonRequestOptions

    func validate() throws {
        guard IncidentID(id) != nil else {
            throw ValidationError("\(id) is not an incident id (INC-YYYYMMDD-NNNN, e.g. INC-20270115-0001)")
        }
        if let by, by.allSatisfy({ $0 == " " || $0 == "\t" }) || by.contains("\n") {
            throw ValidationError("--by must name somebody, on one line")
        }
    }

    func run() throws {
        guard let id = IncidentID(id) else { throw ExitCode(ExitStatus.usage) }
        let configuration = try options.load()
        let environment = ProcessInfo.processInfo.environment
        let statusPath = request.statusPath(for: configuration)
        let pid = try SignalledDaemon.pid(statusPath: statusPath, request: "ack")
        let person = by ?? Self.invokingUser(environment)
        let requests = AckRequests(besideStatusFile: statusPath)
        let deadline = try request.deliver(to: pid, at: requests.path(for: id), asking: "the acknowledgement of \(id)",
                                           named: "the acknowledgement of \(id)") {
            try requests.post(AckRequests.Request(id: id, by: person, note: note))
        }
        // The daemon rewrites status.json at most four times a second: give it at least a second.
        var shown: IncidentView?
        _ = DaemonRequestOptions.waitUntil(max(deadline, ContinuousClock.now + .seconds(1))) {
            shown = (try? StatusFile(path: statusPath).read())?.incidents.first { $0.id == id.description }
            return shown?.status == .acknowledged
        }
        let kept = try? IncidentArchive(stateDirectory: StateDirectory.path(for: configuration.daemon, environment: environment))
            .incident(id).get()
        if shown?.status == .acknowledged {
            let who = kept?.acknowledgedBy.map { " by \($0)" } ?? ""
            let when = kept?.acknowledgedAt.map { " at \(WallClock.text($0))" } ?? ""
            print("incident \(id) is acknowledged\(who)\(when): its escalation has stopped")
            return
        }
        if let resolved = kept?.resolvedAt {
            printToStandardError("incident \(id) was resolved at \(WallClock.text(resolved)); there is nothing to acknowledge")
        } else if shown == nil {
            printToStandardError("vigil (pid \(pid)) has no unresolved incident \(id); `vigil incidents` lists those kept")
        } else {
            printToStandardError("vigil (pid \(pid)) took the request, but status.json still shows incident \(id) open; see the journal")
        }
        throw ExitCode.failure
    }

    /// The person behind the command: the one who ran sudo, else the login name of the real user.
    static func invokingUser(_ environment: [String: String]) -> String {
        if let user = environment["SUDO_USER"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(getuid())"
    }
}
