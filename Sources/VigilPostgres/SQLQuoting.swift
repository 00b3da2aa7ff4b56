/// Quotes names and values from configuration for SQL text, so no config text ever reaches the
/// server unquoted. Quoting every identifier (not only where `quote_ident` would) keeps case
/// and spelling exact: `Events` names the table `Events`, not `events`. Public for the
/// statements that cannot take parameters outside this module (a backup's scratch database).
public enum SQLQuoting {
    /// `"name"` with inner quotes doubled.
    public static func identifier(_ name: String) throws(PostgresError) -> String {
        try rejectNul(name, what: "name")
        return "\"" + doubling("\"", in: name) + "\""
    }

    /// `E'text'` with quotes and backslashes escaped: the escape-string form means the same
    /// whatever `standard_conforming_strings` says.
    public static func literal(_ text: String) throws(PostgresError) -> String {
        try rejectNul(text, what: "value")
        return "E'" + doubling("'", in: doubling("\\", in: text)) + "'"
    }

    private static func doubling(_ character: Character, in text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 2)
        for each in text {
            output.append(each)
            if each == character { output.append(each) }
        }
        return output
    }

    /// PostgreSQL text cannot hold NUL; libpq would cut the statement there.
    private static func rejectNul(_ text: String, what: String) throws(PostgresError) {
        if text.utf8.contains(0) { throw PostgresError("invalid \(what): contains a NUL character") }
    }
}
