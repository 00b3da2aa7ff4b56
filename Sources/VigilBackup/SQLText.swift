/// Names and values Vigil puts into the statements a backup runs that cannot take parameters
/// (`CREATE DATABASE`, `DROP DATABASE`): quoted, so no text reaches the server unquoted.
enum SQLText {
    /// `"name"` with inner quotes doubled.
    static func identifier(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// `E'text'` with quotes and backslashes escaped, whatever `standard_conforming_strings` says.
    static func literal(_ text: String) -> String {
        let backslashes = text.split(separator: "\\", omittingEmptySubsequences: false).joined(separator: "\\\\")
        return "E'" + backslashes.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}
