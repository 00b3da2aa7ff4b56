/// A libpq failure, already scrubbed of passwords and folded to one line so it can go
/// straight into a report, a journal entry or a log.
public struct PostgresError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// Folds libpq's multi-line text (`…failed: …\n\tIs the server running…`) into one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
