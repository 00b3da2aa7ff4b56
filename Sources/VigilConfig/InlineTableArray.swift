import TOMLKit

extension TableReader {
    /// `key` as a non-empty array of inline tables (a plan's or a rollback's `steps`), each read by
    /// `decode` with its index; nil when it is missing, not such an array, empty, or any element is
    /// bad, each mistake reported at `key` or `key[I]`.
    mutating func inlineTables<Element>(_ key: String, example: String, whenEmpty: String, _ diagnostics: inout Diagnostics,
                                        decode: (TOMLTable, Int, inout Diagnostics) -> Element?) -> [Element]? {
        guard let value = value(key) else {
            reportMissing(key, &diagnostics)
            return nil
        }
        guard let array = value.array else {
            reportType(key, expected: "an array of inline tables such as [\(example)]", got: value, &diagnostics)
            return nil
        }
        guard !array.isEmpty else {
            diagnostics.report(scope, key: displayKey(key), "must not be empty: \(whenEmpty)")
            return nil
        }
        var elements: [Element] = []
        var valid = true
        for (index, element) in array.enumerated() {
            guard let table = element.tomlValue.table else {
                diagnostics.report(scope, key: displayKey("\(key)[\(index)]"),
                                   "expected an inline table such as \(example), got \(ValueText.typeName(element.type))")
                valid = false
                continue
            }
            if let decoded = decode(table, index, &diagnostics) {
                elements.append(decoded)
            } else {
                valid = false
            }
        }
        return valid ? elements : nil
    }
}
