import FoundationEssentials

/// Prints a command's `--format json` answer: keys sorted and indented, so it diffs cleanly and
/// reads well; dates in ISO 8601.
func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
}
