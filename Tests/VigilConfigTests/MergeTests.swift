import Testing
import VigilConfig
import VigilCore

@Suite("Several files merge into one configuration")
struct MergeTests {
    @Test func laterDaemonKeysOverrideEarlierOnesKeyByKey() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(files: [
            ("vigil.toml", "[daemon]\nstate_dir = \"/var/lib/a\"\nstop_timeout = \"7s\"\n"),
            ("vigil.d/10-local.toml", "[daemon]\nstop_timeout = \"2s\"\n"),
        ]))
        #expect(configuration.daemon == DaemonSettings(stateDirectory: "/var/lib/a", runtimeDirectory: nil,
                                                       stopTimeout: .seconds(2)))
        #expect(configuration.sources == ["vigil.toml", "vigil.d/10-local.toml"])
    }

    @Test func checksAccumulateInFileOrderAndMayUseAnotherFilesDatabase() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(files: [
            ("a.toml", "[[check]]\nname = \"pg\"\nkind = \"postgres\"\ndatabase = \"main\"\n"),
            ("b.toml", "[database.main]\nconninfo = \"dbname=x\"\n[[check]]\nname = \"mem\"\nkind = \"memory\"\n"),
        ]))
        #expect(configuration.checks.map(\.name) == ["pg", "mem"])
        #expect(configuration.databases == ["main": DatabaseSettings(name: "main", conninfo: "dbname=x")])
    }

    @Test func duplicateCheckNameAcrossFilesNamesBothFiles() throws {
        let errors = ConfigTestHelpers.errors(files: [
            ("/etc/vigil/vigil.toml", "[[check]]\nname = \"mem\"\nkind = \"memory\"\n"),
            ("/etc/vigil/vigil.d/extra.toml", "[[check]]\nname = \"mem\"\nkind = \"memory\"\n"),
        ])
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.file == "/etc/vigil/vigil.d/extra.toml")
        #expect(error.line == 2)
        #expect(error.description == "/etc/vigil/vigil.d/extra.toml:2:1: check \"mem\": name: "
                + "duplicate check name \"mem\": already defined in /etc/vigil/vigil.toml")
    }

    @Test func sameDatabaseInTwoFilesIsAnError() {
        let errors = ConfigTestHelpers.errors(files: [
            ("a.toml", "[database.main]\nconninfo = \"dbname=a\"\n"),
            ("b.toml", "[database.main]\nconninfo = \"dbname=b\"\n"),
        ])
        #expect(errors == [ConfigError(file: "b.toml", line: 1, column: 1, table: "database.main",
                                       message: "already defined in a.toml")])
    }

    @Test func undefinedDatabaseIsNotReportedWhenAnotherFileFailedToParse() {
        // The broken file may be the one defining it: one real error beats two confusing ones.
        let errors = ConfigTestHelpers.errors(files: [
            ("a.toml", "[database.main\n"),
            ("b.toml", "[[check]]\nname = \"pg\"\nkind = \"postgres\"\ndatabase = \"main\"\n"),
        ])
        #expect(errors.map(\.file) == ["a.toml"])
    }

    @Test func anEmptyCheckListIsFine() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(""))
        #expect(configuration.checks.isEmpty)
        #expect(configuration.daemon == DaemonSettings())
        #expect(configuration.sources == ["good.toml"])
    }
}
