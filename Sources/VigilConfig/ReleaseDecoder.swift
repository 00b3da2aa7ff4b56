import TOMLKit
import VigilCore

/// Reads `[release]`: exactly one of `version_file` (an absolute path) or `version_command` (an
/// argv whose program is an absolute path, never a shell line), and the durations around them.
enum ReleaseDecoder {
    static let keys = ["version_file", "version_command", "every", "stable_for", "timeout"]

    static func decode(_ table: TOMLTable, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> ReleaseSettings? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        var source: ReleaseSettings.Source?
        if reader.contains("version_file"), reader.contains("version_command") {
            diagnostics.report(scope, key: reader.displayKey("version_command"),
                               "give either version_file (a file whose first line is the version) or version_command (an argv that prints it), not both")
            reader.skip(["version_file", "version_command"])
        } else if let path = reader.absolutePath("version_file", &diagnostics) {
            source = .file(path)
        } else if let argv = reader.stringArray("version_command", &diagnostics) {
            if let program = argv.first, program.hasPrefix("/") {
                source = .command(argv)
            } else {
                diagnostics.report(scope, key: reader.displayKey("version_command"),
                                   "must be an argv whose first element is an absolute program path, such as [\"/usr/bin/alexandria\", \"--version\"], got "
                                       + (argv.first.map(ValueText.quoted) ?? "an empty array"))
            }
        } else if diagnostics.count == errorsBefore {
            diagnostics.report(scope, "needs version_file = \"/path/to/VERSION\" or version_command = [\"/path/to/program\", \"--version\"]")
        }
        let every = reader.durationOfASecondOrMore("every", &diagnostics)
        let stableFor = reader.durationOfASecondOrMore("stable_for", &diagnostics)
        let timeout = reader.durationOfASecondOrMore("timeout", &diagnostics)
        reader.reportUnreadKeys(validKeys: keys, &diagnostics)
        guard diagnostics.count == errorsBefore, let source else { return nil }
        var settings = ReleaseSettings(source: source)
        if let every { settings.every = every }
        if let stableFor { settings.stableFor = stableFor }
        if let timeout { settings.timeout = timeout }
        return settings
    }
}
