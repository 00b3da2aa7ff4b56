import Testing
import VigilCore

@Suite struct ConninfoTests {
    @Test(arguments: [
        ("host=/run/postgresql dbname=app user=vigil", "host=/run/postgresql dbname=app user=vigil"),
        ("host=db password=s3cret user=vigil", "host=db password=*** user=vigil"),
        ("password='with space' host=db", "password=*** host=db"),
        ("password = 'it\\'s' host=db", "password = *** host=db"),
        ("PASSWORD=upper host=db", "PASSWORD=*** host=db"),
        ("host=db password=a\\ b", "host=db password=***"),
        ("postgresql://vigil:s3cret@db:5432/app", "postgresql://vigil:***@db:5432/app"),
        ("postgres://vigil@db/app?password=s3cret&sslmode=require", "postgres://vigil@db/app?password=***&sslmode=require"),
        ("postgresql://db/app", "postgresql://db/app"),
    ])
    func passwordsAreMasked(conninfo: String, expected: String) {
        #expect(Conninfo.redacted(conninfo) == expected)
    }

    @Test func scrubRemovesEverySecretOccurrence() {
        let text = "FATAL: password s3cret rejected; s3cret again"
        #expect(Conninfo.scrub(text, secrets: ["s3cret", ""]) == "FATAL: password *** rejected; *** again")
    }

    @Test func databaseSettingsDescribeThemselvesWithoutThePassword() {
        let settings = DatabaseSettings(name: "primary", conninfo: "host=db password=hunter2")
        #expect(!"\(settings)".contains("hunter2"))
        #expect("\(settings)" == "database primary (host=db password=***)")
    }
}
