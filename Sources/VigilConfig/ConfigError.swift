/// One thing wrong with a configuration, located as precisely as the input allows so an operator
/// can go straight to the line that needs editing.
public struct ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The table the key belongs to: `daemon`, `database.primary`, `check "database"` or `check #3`.
    public var table: String?
    /// The key within the table, dotted below it: `timeout`, `warning.latency_ms`, `argv[0]`.
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, table: String? = nil, key: String? = nil,
                message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.table = table
        self.key = key
        self.message = message
    }

    /// `FILE:LINE:COLUMN: TABLE: KEY: MESSAGE`, leaving out the parts that are unknown.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return ([location, table, key].compactMap { $0 } + [message]).joined(separator: ": ")
    }
}

/// Every error found in a configuration: one run of `vigil validate` shows them all.
public struct ConfigErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [ConfigError]

    public init(errors: [ConfigError]) {
        self.errors = errors
    }

    /// One error per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
