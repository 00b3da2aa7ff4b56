/// Collects every error of a load instead of stopping at the first, remembering the section of each
/// so a line and column can be attached once the whole file has been read.
struct Diagnostics: Sendable {
    private(set) var errors: [ConfigError] = []
    private var sections: [ConfigSection?] = []

    var isEmpty: Bool { errors.isEmpty }
    var count: Int { errors.count }

    mutating func report(_ scope: ErrorScope, key: String? = nil, _ message: String) {
        errors.append(ConfigError(file: scope.file, table: scope.table, key: key, message: message))
        sections.append(scope.section)
    }

    /// An error whose position is already known, such as a syntax error.
    mutating func report(_ error: ConfigError) {
        errors.append(error)
        sections.append(nil)
    }

    /// The errors of each file in line order (files keep the order they were read in); errors without
    /// a line come first within their file, in the order they were found.
    var errorsInReadingOrder: [ConfigError] {
        var fileOrder: [String: Int] = [:]
        for error in errors where fileOrder[error.file] == nil { fileOrder[error.file] = fileOrder.count }
        return errors.enumerated().sorted { lhs, rhs in
            let left = (fileOrder[lhs.element.file]!, lhs.element.line ?? 0, lhs.offset)
            let right = (fileOrder[rhs.element.file]!, rhs.element.line ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }

    /// Fills in line and column for the errors of `file` whose key can be found in its text.
    mutating func locate(file: String, using positions: SourcePositions) {
        for index in errors.indices where errors[index].file == file && errors[index].line == nil {
            guard let section = sections[index],
                  let position = positions.position(of: errors[index].key, in: section) else { continue }
            errors[index].line = position.line
            errors[index].column = position.column
        }
    }
}
