/// Makes a libpq connection string safe to show: passwords never reach a log, a report or an error.
public enum Conninfo {
    private static let mask = "***"

    /// The conninfo with every password replaced by `***`, in both libpq forms:
    /// `key=value` pairs (quoted or bare) and `postgresql://user:secret@host/db?password=…` URIs.
    public static func redacted(_ conninfo: String) -> String {
        let trimmed = conninfo.drop(while: { $0 == " " })
        if trimmed.hasPrefix("postgresql://") || trimmed.hasPrefix("postgres://") {
            return redactedURI(String(conninfo))
        }
        return redactedKeywords(conninfo)
    }

    /// Removes `password` from `key = value` text, honouring libpq's single quotes and backslashes.
    private static func redactedKeywords(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            // Copy white space.
            while index < text.endIndex, text[index].isWhitespace {
                output.append(text[index]); index = text.index(after: index)
            }
            guard index < text.endIndex else { break }
            // Keyword up to '=' or white space.
            let keyStart = index
            while index < text.endIndex, text[index] != "=", !text[index].isWhitespace { index = text.index(after: index) }
            let key = text[keyStart..<index]
            output += key
            while index < text.endIndex, text[index].isWhitespace {
                output.append(text[index]); index = text.index(after: index)
            }
            guard index < text.endIndex, text[index] == "=" else { continue }
            output.append("="); index = text.index(after: index)
            while index < text.endIndex, text[index].isWhitespace {
                output.append(text[index]); index = text.index(after: index)
            }
            // Value: quoted with backslash escapes, or bare up to white space.
            let valueStart = index
            if index < text.endIndex, text[index] == "'" {
                index = text.index(after: index)
                while index < text.endIndex, text[index] != "'" {
                    if text[index] == "\\" { index = text.index(after: index); if index == text.endIndex { break } }
                    index = text.index(after: index)
                }
                if index < text.endIndex { index = text.index(after: index) }
            } else {
                while index < text.endIndex, !text[index].isWhitespace {
                    if text[index] == "\\" { index = text.index(after: index); if index == text.endIndex { break } }
                    index = text.index(after: index)
                }
            }
            output += key.lowercased() == "password" ? mask : String(text[valueStart..<index])
        }
        return output
    }

    /// Masks the password of a URI's user info and any `password=` query parameter.
    private static func redactedURI(_ uri: String) -> String {
        var result = uri
        if let schemeEnd = result.firstRange(of: "://") {
            let authorityEnd = result[schemeEnd.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? result.endIndex
            let authority = result[schemeEnd.upperBound..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: mask)
            }
        }
        if let query = result.firstIndex(of: "?") {
            let parameters = result[result.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
            let cleaned = parameters.map { parameter -> String in
                parameter.lowercased().hasPrefix("password=") ? "password=\(mask)" : String(parameter)
            }
            result = String(result[...query]) + cleaned.joined(separator: "&")
        }
        return result
    }

    /// Removes every occurrence of a secret from a text that may quote it (a libpq error, say).
    public static func scrub(_ text: String, secrets: [String]) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { $0.replacingAll($1, with: mask) }
    }
}
