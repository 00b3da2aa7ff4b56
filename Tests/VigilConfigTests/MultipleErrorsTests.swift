import Testing
import VigilConfig

@Suite("Every error of a file is reported, not just the first")
struct MultipleErrorsTests {
    @Test func oneFileWithManyErrorsReportsThemAllInLineOrder() {
        let text = """
            [daemon]
            stop_timeout = "forever"
            colour = "blue"

            [[check]]
            name = "database"
            kind = "postgres"
            database = "missing"
            interval = "15s"
            timeout = "15s"
            warning = { latency_ms = 1000 }
            critical = { latency_ms = 200 }

            [[check]]
            kind = "disk"
            path = "relative"
            url = "http://x/"

            [[check]]
            name = "database"
            kind = "memory"
            """
        let errors = ConfigTestHelpers.errors(text)
        let summary = errors.map { "\($0.line.map(String.init) ?? "-") \($0.table ?? "-") \($0.key ?? "-")" }
        #expect(summary == [
            "2 daemon stop_timeout",
            "3 daemon colour",
            "8 check \"database\" database",
            "10 check \"database\" timeout",
            "11 check \"database\" warning.latency_ms",
            "14 check #2 name",
            "16 check #2 path",
            "17 check #2 url",
            "20 check \"database\" name",
        ], "\(errors)")
        #expect(errors.allSatisfy { $0.file == "bad.toml" })
    }

    @Test func errorsOfSeveralFilesAreAllReported() {
        let errors = ConfigTestHelpers.errors(files: [
            ("a.toml", "[daemon]\nstop_timeout = 3\n"),
            ("b.toml", "[[check\n"),
            ("c.toml", "[[check]]\nname = \"m\"\nkind = \"memory\"\nseverity = \"high\"\n"),
        ])
        #expect(errors.map(\.file) == ["a.toml", "b.toml", "c.toml"])
    }

    @Test func conninfoIsNeverQuotedInErrors() {
        let secret = "s3cr3t-pw"
        let text = """
            [database.main]
            conninfo = "host=db password=\(secret)"
            conninfo_extra = "password=\(secret)"

            [database.other]
            conninfo = ["password=\(secret)"]
            """
        let errors = ConfigTestHelpers.errors(text)
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { !$0.description.contains(secret) })
    }
}
