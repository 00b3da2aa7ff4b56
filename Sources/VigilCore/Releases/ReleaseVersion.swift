/// The running version as a version file or command gives it: the first line, trimmed, of at most
/// `ReleaseSettings.maximumVersionLength` bytes of printable UTF-8. Anything else is refused with
/// the reason, so a binary or runaway file is said as such, never taken for a version.
public enum ReleaseVersion {
    public static func firstLine(of bytes: [UInt8]) -> Result<String, Problem> {
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        // U+FFFD is what a lossy decoding left of bytes that were not UTF-8.
        guard let text = String(validating: line, as: UTF8.self), !text.unicodeScalars.contains("\u{FFFD}") else {
            return .failure(Problem("the first line is not UTF-8 text"))
        }
        let version = text.trimming(\.isWhitespace)
        guard !version.isEmpty else { return .failure(Problem(bytes.isEmpty ? "it is empty" : "its first line is empty")) }
        guard version.utf8.count <= ReleaseSettings.maximumVersionLength else {
            return .failure(Problem("its first line is \(version.utf8.count) bytes, more than a version's \(ReleaseSettings.maximumVersionLength)"))
        }
        guard !version.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .failure(Problem("its first line holds control characters"))
        }
        return .success(version)
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
