/// Trimming without Foundation's `CharacterSet` (not in FoundationEssentials).
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (what `.whitespaces` trims; newlines stay).
    public func trimmingSpaces() -> String {
        trimming { $0.isWhitespace && !$0.isNewline }
    }

    /// Without leading and trailing line breaks (what `.newlines` trims).
    public func trimmingNewlines() -> String {
        trimming(\.isNewline)
    }

    /// Without the leading and trailing characters that match `strip`.
    public func trimming(_ strip: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !strip($0) }), let last = lastIndex(where: { !strip($0) }) else { return "" }
        return String(self[first...last])
    }
}
