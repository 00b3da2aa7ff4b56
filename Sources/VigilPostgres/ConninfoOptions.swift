import CLibPQ

/// A conninfo as libpq reads it (key/value or URI form): its options in libpq's order, and the
/// `keyword='value'` text that gives them back, for conninfos Vigil derives from the operator's.
enum ConninfoOptions {
    /// The options given; a malformed conninfo is an error that never quotes a value.
    static func parse(_ conninfo: String) throws(PostgresError) -> [(keyword: String, value: String)] {
        _ = try ConninfoSecrets.parse(conninfo)
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError("invalid connection string")
        }
        defer { PQconninfoFree(options) }
        var values: [(keyword: String, value: String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values.append((String(cString: keyword), String(cString: value))) }
            option += 1
        }
        return values
    }

    /// `keyword='value'` pairs, quoted for libpq.
    static func text(_ options: [(keyword: String, value: String)]) -> String {
        options.map { keyword, value in
            "\(keyword)='\(value.replacing("\\", with: "\\\\").replacing("'", with: "\\'"))'"
        }.joined(separator: " ")
    }
}
