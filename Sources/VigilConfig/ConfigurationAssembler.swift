import TOMLKit
import VigilCore

/// Parses files one after another and merges them: `[daemon]` keys of later files win, databases
/// and check names must be unique across all files, and checks accumulate in file order.
struct ConfigurationAssembler {
    private(set) var diagnostics = Diagnostics()
    private var daemon = DaemonSettings()
    private var databases: [String: (settings: DatabaseSettings, file: String)] = [:]
    private var drafts: [CheckDraft] = []
    private var sources: [String] = []
    /// Where each parsed file's tables and keys are, to give errors a line once all are found.
    private var positions: [(file: String, positions: SourcePositions)] = []
    /// A file that did not parse may define what others refer to: skip the cross-file reference check.
    private var someFileUnparsed = false

    /// Adds one file's text (its name is what errors show).
    mutating func add(file: String, text: String) {
        sources.append(file)
        if let problem = DocumentGuard.problem(in: text, file: file) {
            diagnostics.report(problem)
            someFileUnparsed = true
            return
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            diagnostics.report(ConfigError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                           message: Self.shortened(error.description)))
            someFileUnparsed = true
            return
        } catch {
            diagnostics.report(ConfigError(file: file, message: "cannot parse: \(error)"))
            someFileUnparsed = true
            return
        }
        let fragment = FileDecoder.decode(root, file: file, &diagnostics)
        merge(fragment, from: file)
        positions.append((file, SourcePositions(text: text)))
    }

    /// The parser quotes whole keys in its messages; a pathological key must not make a huge one.
    private static func shortened(_ message: String) -> String {
        message.count <= 300 ? message : message.prefix(300) + "…"
    }

    /// Reports an error found before parsing (an unreadable file, a bad mode).
    mutating func report(_ error: ConfigError) {
        diagnostics.report(error)
    }

    private mutating func merge(_ fragment: ConfigFragment, from file: String) {
        if let stateDirectory = fragment.stateDirectory { daemon.stateDirectory = stateDirectory }
        if let runtimeDirectory = fragment.runtimeDirectory { daemon.runtimeDirectory = runtimeDirectory }
        if let stopTimeout = fragment.stopTimeout { daemon.stopTimeout = stopTimeout }
        for database in fragment.databases {
            if let earlier = databases[database.name] {
                diagnostics.report(ErrorScope(file: file, section: .database(name: database.name), table: "database.\(database.name)"),
                                   "already defined in \(earlier.file)")
            } else {
                databases[database.name] = (database, file)
            }
        }
        drafts += fragment.checks
    }

    /// The merged configuration, or every error found in any file.
    mutating func finish() -> Result<VigilConfiguration, ConfigErrors> {
        var firstByName: [String: CheckDraft] = [:]
        for draft in drafts {
            guard let name = draft.name, CheckSchema.isValidName(name) else { continue }
            if let first = firstByName[name] {
                let place = first.scope.file == draft.scope.file ? "earlier in \(first.scope.file)" : "in \(first.scope.file)"
                diagnostics.report(draft.scope, key: "name", "duplicate check name \"\(name)\": already defined \(place)")
            } else {
                firstByName[name] = draft
            }
        }
        if !someFileUnparsed {
            let defined = databases.keys.sorted()
            for draft in drafts {
                guard let reference = draft.databaseReference, databases[reference] == nil else { continue }
                let known = defined.isEmpty ? "no [database.NAME] table is defined" : "defined: \(defined.joined(separator: ", "))"
                diagnostics.report(draft.scope, key: "database",
                                   "no [database.\(reference)] table in any file (\(known))")
            }
        }
        for (file, filePositions) in positions {
            diagnostics.locate(file: file, using: filePositions)
        }
        guard diagnostics.isEmpty else { return .failure(ConfigErrors(errors: diagnostics.errorsInReadingOrder)) }
        let configuration = VigilConfiguration(daemon: daemon, databases: databases.mapValues(\.settings),
                                               checks: drafts.compactMap(\.definition), sources: sources)
        return .success(configuration)
    }
}
