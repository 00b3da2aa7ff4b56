/// Another database on the same server, reached the way the operator's conninfo reaches its own:
/// same host, port, user, password and options, only `dbname` differs (a scratch database).
public enum ConninfoDatabase {
    /// `keyword='value'` pairs parsed by libpq (key/value or URI form) with `dbname` set to
    /// `database`; the password, if any, stays in it, so keep the result out of logs and argv.
    public static func replacing(_ conninfo: String, database: String) throws(PostgresError) -> String {
        let options = try ConninfoOptions.parse(conninfo).filter { $0.keyword != "dbname" }
        return ConninfoOptions.text(options + [("dbname", database)])
    }
}
