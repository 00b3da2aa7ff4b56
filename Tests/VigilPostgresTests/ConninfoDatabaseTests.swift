import Testing
import VigilPostgres
import VigilTestSupport

/// A scratch database reached as the operator's conninfo reaches its own: only `dbname` differs.
@Suite struct ConninfoDatabaseTests {
    @Test func keywordFormKeepsEverythingButTheDatabase() throws {
        let replaced = try ConninfoDatabase.replacing("host=/run/pg port=5433 user=vigil password='it\\'s \\\\x' dbname=main sslmode=disable",
                                                      database: "vigil_verify_1")
        #expect(replaced.contains("host='/run/pg'") && replaced.contains("port='5433'") && replaced.contains("user='vigil'"))
        #expect(replaced.contains("sslmode='disable'") && replaced.contains("password='it\\'s \\\\x'"))
        #expect(replaced.hasSuffix("dbname='vigil_verify_1'"))
        #expect(!replaced.contains("'main'"))
    }

    @Test func uriFormAndAMissingDatabase() throws {
        let fromURI = try ConninfoDatabase.replacing("postgresql://vigil:secret@db.internal:5433/main?connect_timeout=5", database: "scratch")
        #expect(fromURI.contains("host='db.internal'") && fromURI.contains("password='secret'") && fromURI.contains("connect_timeout='5'"))
        #expect(fromURI.hasSuffix("dbname='scratch'") && !fromURI.contains("main"))
        #expect(try ConninfoDatabase.replacing("host=/tmp user=vigil", database: "scratch") == "user='vigil' host='/tmp' dbname='scratch'")
        #expect(throws: PostgresError.self) { try ConninfoDatabase.replacing("host=/tmp password='unclosed", database: "x") }
    }

    /// A password with quotes and backslashes still logs in once rewritten.
    @Test func theRewrittenConninfoConnects() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.setPassword(user: "vigil", password: "it's \\ odd")
        try cluster.psql("CREATE DATABASE other OWNER vigil")
        let conninfo = try ConninfoDatabase.replacing(cluster.conninfo(user: "vigil", password: "it's \\ odd"), database: "other")
        let name = try await runOnOwnThread { () throws -> String? in
            try PostgresConnection.connect(conninfo: conninfo, deadline: .now + .seconds(10))
                .query("SELECT current_database()", deadline: .now + .seconds(10)).rows.first?.first ?? nil
        }
        #expect(name == "other")
    }
}
