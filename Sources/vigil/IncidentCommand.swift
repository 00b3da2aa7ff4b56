import ArgumentParser
import FoundationEssentials
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil incident ID`: one incident's header and its whole timeline, from its file in the state
/// folder: what the post-incident review starts from.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "Print one incident and its whole timeline.",
        discussion: """
            Reads <state_dir>/incidents/ID.json: the header (severity, status, when it opened, \
            who acknowledged it, its checks) then one line per timeline entry (time, kind, text). \
            Exits 0, 1 when no incident has that id (or its file cannot be read), 64 for an id \
            that is not INC-YYYYMMDD-NNNN, 65 for an invalid configuration.
            """)

    @Argument(help: ArgumentHelp("The incident's id, as `vigil incidents` lists it.", valueName: "INC-YYYYMMDD-NNNN"))
    var id: String

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        guard IncidentID(id) != nil else {
            throw ValidationError("\(id) is not an incident id (INC-YYYYMMDD-NNNN, e.g. INC-20270115-0001)")
        }
    }

    func run() throws {
        guard let id = IncidentID(id) else { throw ExitCode(ExitStatus.usage) }
        let archive = try IncidentsCommand.archive(options)
        switch archive.incident(id) {
        case .success(let incident?):
            print(IncidentText.detail(incident, now: Date()))
        case .success(nil):
            printToStandardError("no incident \(id) in \(archive.directory); `vigil incidents` lists those kept")
            throw ExitCode.failure
        case .failure(let problem):
            printToStandardError("cannot read incident file \(problem)")
            throw ExitCode.failure
        }
    }
}
