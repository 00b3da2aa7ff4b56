import ArgumentParser
import FoundationEssentials
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil incidents`: the incidents the daemon kept in its state folder, newest first, read from
/// the files (so it works whether the daemon runs or not, and changes nothing).
struct IncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "List the incidents kept in the state folder, newest first.",
        discussion: """
            Reads <state_dir>/incidents/INC-….json (read-only; a missing folder means no \
            incidents): one row per incident with its id, severity, status, when it opened, when \
            it resolved (or how long it has been open), title and checks. Exits 0, 65 for an \
            invalid configuration, 1 when an incident file cannot be read (the others are still listed).
            """)

    @Flag(help: "Only the incidents not resolved yet (open or acknowledged).")
    var open = false

    @Option(help: ArgumentHelp("Only the incidents opened on or after this UTC day.", valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(help: "Output format: text (one aligned row per incident) or json.")
    var format: CheckCommand.Format = .text

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        if let since, Self.day(since) == nil {
            throw ValidationError("--since \(since) is not a day as YYYY-MM-DD (UTC), e.g. 2027-01-15")
        }
    }

    func run() throws {
        let archive = try Self.archive(options)
        let (all, unreadable) = archive.all()
        for problem in unreadable { printToStandardError("cannot read incident file \(problem)") }
        let start = since.flatMap(Self.day)
        let shown = all.filter { incident in
            (!open || incident.status != .resolved) && start.map { incident.openedAt >= $0 } ?? true
        }
        switch format {
        case .text: print(IncidentText.list(shown, now: Date()))
        case .json: printJSON(IncidentList(incidents: shown.map(IncidentListEntry.init)))
        }
        if !unreadable.isEmpty { throw ExitCode.failure }
    }

    /// The incident files of the configured state folder.
    static func archive(_ options: ConfigOptions) throws -> IncidentArchive {
        let daemon = try options.load().daemon
        return IncidentArchive(stateDirectory: StateDirectory.path(for: daemon, environment: ProcessInfo.processInfo.environment))
    }

    /// Midnight UTC of `YYYY-MM-DD`, `nil` for anything else (including days no calendar has).
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return CompactUTC.date(parts.joined() + "T000000Z")
    }
}

/// `vigil incidents --format json`: every field an operator or a script needs, timeline included.
struct IncidentList: Encodable {
    var incidents: [IncidentListEntry]
}
