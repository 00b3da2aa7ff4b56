import ArgumentParser
import VigilCore
import VigilProbes

/// `vigil contract`: the API contract's tools; `diff` tells a release's document breaks its clients.
struct ContractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract",
        abstract: "Compare versions of an API's OpenAPI document.",
        subcommands: [ContractDiffCommand.self])
}

struct ContractDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "List the changes between two versions of an OpenAPI document, breaking ones first.",
        discussion: """
            Reads both documents (OpenAPI 3.0 or 3.1, JSON or YAML) and lists what changed for a \
            client built against OLD. Breaking: a removed path, operation or success status; a new \
            required parameter, request body or request property; a response property removed or \
            no longer required; a type changed (in a request, narrowed); a format changed; a removed \
            enum value; a response that may now be null. A renamed property is one removed and one \
            added. Compatible: what was added, optional, or widened where a request is concerned. \
            Exits 0 when nothing breaks, 2 when something does, 65 when a document is not a valid \
            OpenAPI document and 66 when one cannot be read. A contract check with a baseline \
            (docs/configuration.md, kind = "contract") runs the same comparison against the live document.
            """)

    @Argument(help: "The version clients were built against.")
    var old: String

    @Argument(help: "The version to compare with it.")
    var new: String

    @Option(help: "Output format: text, or json (old, new, breaking, compatible; each change with operation, location and change).")
    var format: CheckCommand.Format = .text

    func run() throws {
        let helper = OpenAPIHelper()
        var documents: [ContractDocument] = []
        for path in [old, new] {
            do {
                documents.append(try helper.read(file: path, until: .now + .seconds(60)))
            } catch {
                printToStandardError(error.description)
                throw ExitCode(error.helperStatus == 66 ? 66 : 65)
            }
        }
        let report = ContractDiffReport(old: old, new: new, changes: ContractDiff.changes(from: documents[0], to: documents[1]))
        switch format {
        case .text: print(report.text)
        case .json: printJSON(report)
        }
        throw ExitCode(report.breaking.isEmpty ? 0 : 2)
    }
}
