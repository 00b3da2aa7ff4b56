import CLibPQ
import Foundation

/// Another database on the same server, reached the way the operator's conninfo reaches its own:
/// same host, port, user, password and options, only `dbname` differs (a scratch database).
public enum ConninfoDatabase {
    /// `keyword='value'` pairs parsed by libpq (key/value or URI form) with `dbname` set to
    /// `database`; the password, if any, stays in it, so keep the result out of logs and argv.
    public static func replacing(_ conninfo: String, database: String) throws(PostgresError) -> String {
        _ = try ConninfoSecrets.parse(conninfo)
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError("invalid connection string")
        }
        defer { PQconninfoFree(options) }
        var pairs: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            let name = String(cString: keyword)
            if name != "dbname", let value = option.pointee.val { pairs.append(pair(name, String(cString: value))) }
            option += 1
        }
        pairs.append(pair("dbname", database))
        return pairs.joined(separator: " ")
    }

    private static func pair(_ keyword: String, _ value: String) -> String {
        "\(keyword)='\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))'"
    }
}
