import CLibPQ
import Glibc
import VigilCore

/// The passwords a conninfo carries, found with libpq's own parser so that the scrub removes
/// exactly what libpq will send, whatever quoting or URI encoding the operator used.
struct ConninfoSecrets {
    let passwords: [String]

    /// Parses the conninfo; a malformed one fails here, before libpq sees it, with a message
    /// that keeps only the quoted fragments that were used as keywords (never a value).
    static func parse(_ conninfo: String) throws(PostgresError) -> ConninfoSecrets {
        var environmentPasswords: [String] = []
        if let fromEnvironment = getenv("PGPASSWORD") { environmentPasswords.append(String(cString: fromEnvironment)) }

        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            var reason = "out of memory"
            if let errorMessage {
                reason = keywordsOnly(PostgresError.oneLine(String(cString: errorMessage)), conninfo: conninfo)
                PQfreemem(errorMessage)
            }
            throw PostgresError("invalid connection string: \(reason)")
        }
        defer { PQconninfoFree(options) }

        var passwords = environmentPasswords
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", let value = option.pointee.val {
                passwords.append(String(cString: value))
            }
            option += 1
        }
        return ConninfoSecrets(passwords: passwords.filter { !$0.isEmpty })
    }

    /// The text with every password masked.
    func scrub(_ text: String) -> String {
        Conninfo.scrub(text, secrets: passwords)
    }

    /// Masks each `"quoted"` fragment of a parse error unless the conninfo uses it as a keyword
    /// (`fragment=`) or it is bare punctuation: a malformed value, perhaps a password, is never echoed.
    static func keywordsOnly(_ message: String, conninfo: String) -> String {
        var output = ""
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "\"") {
            output += rest[...open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "\"") else {
                output += "***"
                return output
            }
            let fragment = String(rest[afterOpen..<close])
            output += isKeyword(fragment, in: conninfo) ? fragment : "***"
            output += "\""
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }

    private static func isKeyword(_ fragment: String, in conninfo: String) -> Bool {
        // Pure punctuation (`missing "=" after …`) is libpq's own text.
        if !fragment.contains(where: { $0.isLetter || $0.isNumber }) { return true }
        guard fragment.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return false }
        var rest = Substring(conninfo)
        while let range = rest.firstRange(of: fragment) {
            let after = rest[range.upperBound...].drop(while: { $0 == " " })
            if after.first == "=" { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
