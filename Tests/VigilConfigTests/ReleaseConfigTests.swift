import Foundation
import Testing
import VigilConfig
import VigilCore

/// `[release]`: where the running version is read, and each mistake named with file, table, key and line.
@Suite struct ReleaseConfigTests {
    @Test func aVersionFileWithDefaults() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("[release]\nversion_file = \"/srv/alexandria/current/VERSION\"\n"))
        #expect(configuration.release == ReleaseSettings(source: .file("/srv/alexandria/current/VERSION")))
        #expect(configuration.release?.every == .seconds(15))
        #expect(configuration.release?.stableFor == .seconds(600))
    }

    @Test func aVersionCommandWithItsDurations() throws {
        let text = """
            [release]
            version_command = ["/usr/bin/alexandria", "--version"]
            every = "30s"
            stable_for = "20m"
            timeout = "5s"

            """
        let configuration = try #require(ConfigTestHelpers.configuration(text))
        #expect(configuration.release == ReleaseSettings(source: .command(["/usr/bin/alexandria", "--version"]), every: .seconds(30),
                                                         stableFor: .seconds(1200), timeout: .seconds(5)))
    }

    @Test func noReleaseTableMeansNoTracking() throws {
        #expect(try #require(ConfigTestHelpers.configuration("")).release == nil)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let body: String
        let key: String?
        let line: Int?
        let message: String
        var testDescription: String { message }
    }

    static let cases = [
        Case(body: "version_file = \"/a\"\nversion_command = [\"/b\"]\n", key: "version_command", line: 3,
             message: "give either version_file (a file whose first line is the version) or version_command (an argv that prints it), not both"),
        Case(body: "every = \"15s\"\n", key: nil, line: 1,
             message: "needs version_file = \"/path/to/VERSION\" or version_command = [\"/path/to/program\", \"--version\"]"),
        Case(body: "version_command = [\"alexandria\", \"--version\"]\n", key: "version_command", line: 2,
             message: "must be an argv whose first element is an absolute program path, such as [\"/usr/bin/alexandria\", \"--version\"], got \"alexandria\""),
        Case(body: "version_command = []\n", key: "version_command", line: 2,
             message: "must be an argv whose first element is an absolute program path, such as [\"/usr/bin/alexandria\", \"--version\"], got an empty array"),
        Case(body: "version_file = \"/a\"\nevery = \"500ms\"\n", key: "every", line: 3, message: "must be at least 1s, got 500ms"),
    ]

    @Test(arguments: cases)
    func reportsExactlyThisError(_ example: Case) {
        let errors = ConfigTestHelpers.errors("[release]\n" + example.body)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.file == "bad.toml")
        #expect(error.table == "release")
        #expect(error.key == example.key)
        #expect(error.message == example.message)
        #expect(error.line == example.line)
    }

    @Test func anUnknownKeyAndARelativePathAreNamed() {
        let errors = ConfigTestHelpers.errors("[release]\nversion_file = \"VERSION\"\nstable = \"1m\"\n")
        #expect(errors.map(\.key).sorted { ($0 ?? "") < ($1 ?? "") } == ["stable", "version_file"])
    }

    @Test func twoFilesCannotBothDefineIt() {
        let table = "[release]\nversion_file = \"/a\"\n"
        let errors = ConfigTestHelpers.errors(files: [("one.toml", table), ("two.toml", table)])
        #expect(errors.map(\.description) == ["two.toml:1:1: release: already defined in one.toml"])
    }
}
