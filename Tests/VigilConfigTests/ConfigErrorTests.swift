import Testing
import VigilConfig

@Suite("ConfigError text")
struct ConfigErrorTests {
    @Test func everyPartPresent() {
        let error = ConfigError(file: "/etc/vigil/vigil.toml", line: 12, column: 1, table: "check \"database\"",
                                key: "timeout", message: "must be shorter than interval (15s), got 15s")
        #expect(error.description
                == "/etc/vigil/vigil.toml:12:1: check \"database\": timeout: must be shorter than interval (15s), got 15s")
    }

    @Test func unknownPartsAreLeftOut() {
        #expect(ConfigError(file: "a.toml", message: "cannot read").description == "a.toml: cannot read")
        #expect(ConfigError(file: "a.toml", line: 3, table: "daemon", message: "x").description == "a.toml:3: daemon: x")
        #expect(ConfigError(file: "a.toml", key: "check", message: "x").description == "a.toml: check: x")
    }

    @Test func errorsPrintOnePerLine() {
        let errors = ConfigErrors(errors: [ConfigError(file: "a", message: "one"), ConfigError(file: "b", message: "two")])
        #expect(errors.description == "a: one\nb: two")
    }
}
