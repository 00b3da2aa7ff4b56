import VigilCore

/// A conninfo made fit for a child's command line (`pg_dump --dbname`, which `ps` shows): every
/// option the operator gave except the password, which goes to the child through a passfile.
public struct ChildConninfo: Sendable, Equatable {
    /// `keyword='value'` pairs, quoted for libpq, without `password`.
    public let conninfo: String
    public let password: String?
    /// For the passfile line: `host:port:database:user:password` matches by these (`*` when not given).
    public let host: String?
    public let port: String?
    public let database: String?
    public let user: String?

    /// Parses with libpq's own parser (key/value or URI form); a malformed conninfo is an error
    /// that never quotes a value.
    public static func split(_ conninfo: String) throws(PostgresError) -> ChildConninfo {
        let values = try ConninfoOptions.parse(conninfo)
        func value(_ keyword: String) -> String? { values.first { $0.keyword == keyword }?.value }
        let quoted = ConninfoOptions.text(values.filter { $0.keyword != "password" })
        return ChildConninfo(conninfo: quoted, password: value("password").flatMap { $0.isEmpty ? nil : $0 },
                             host: value("host"), port: value("port"), database: value("dbname"), user: value("user"))
    }

    /// The `.pgpass` line for the password: `*` for what the conninfo leaves open, `:` and `\` escaped.
    public var passfileLine: String? {
        guard let password else { return nil }
        func field(_ text: String?) -> String {
            guard let text else { return "*" }
            return text.replacing("\\", with: "\\\\").replacing(":", with: "\\:")
        }
        // A host list or a socket folder still matches: libpq compares each host it tries.
        return "*:\(field(port)):\(field(database)):\(field(user)):\(field(password))\n"
    }
}
