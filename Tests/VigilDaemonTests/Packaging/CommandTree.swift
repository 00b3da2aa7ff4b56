import Foundation
import VigilTestSupport

/// The commands of this build, as `vigil --experimental-dump-help` (swift-argument-parser's own
/// description, which generate-manual reads too) lists them: what the man pages and the shell
/// completions must cover. The generic `help` subcommand is left out.
struct CommandTree {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// `["vigil", "backups", "list"]` for `vigil backups list`.
    var path: [String]
    var abstract: String
    var longOptions: [String]
    var subcommands: [CommandTree]

    /// This command and every command below it.
    var all: [CommandTree] { [self] + subcommands.flatMap(\.all) }

    /// The man page's name: `vigil-backups-list`.
    var pageName: String { path.joined(separator: "-") }

    static func load() throws -> CommandTree {
        let result = try ExternalTool.run(RepositoryPaths.vigilExecutable.path, ["--experimental-dump-help"])
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
              let command = object["command"] as? [String: Any] else {
            throw Unreadable(description: "vigil --experimental-dump-help: \(result.standardError)")
        }
        return try CommandTree(command, parents: [])
    }

    private init(_ command: [String: Any], parents: [String]) throws {
        guard let name = command["commandName"] as? String else {
            throw Unreadable(description: "a command without commandName under \(parents)")
        }
        path = parents + [name]
        abstract = command["abstract"] as? String ?? ""
        let arguments = command["arguments"] as? [[String: Any]] ?? []
        longOptions = arguments.filter { $0["shouldDisplay"] as? Bool ?? true }.flatMap { argument in
            (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String }
        }
        subcommands = try (command["subcommands"] as? [[String: Any]] ?? [])
            .filter { $0["commandName"] as? String != "help" }
            .map { try CommandTree($0, parents: parents + [name]) }
    }
}
