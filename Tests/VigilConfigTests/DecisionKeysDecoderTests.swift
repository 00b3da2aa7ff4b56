import Testing
import VigilConfig
import VigilCore

@Suite("Decision keys of a check")
struct DecisionKeysDecoderTests {
    @Test func leftOutDecisionKeysTakeTheCoreDefaults() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("[[check]]\nname = \"m\"\nkind = \"memory\"\n"))
        let check = try #require(configuration.checks.first)
        #expect(check.confirmation == ConfirmationPolicy(failure: .consecutive(failAfter: 3), recoverAfter: 2))
        #expect(check.flapping == FlapThresholds(low: 25, high: 30))
        #expect(check.dependsOn == [])
        #expect(check.remediation == nil)
        #expect(configuration.remediationPlans == [:])
        #expect(configuration.breaker == CircuitBreaker.Settings(failureThreshold: 5, resetTimeout: .seconds(60), successThreshold: 3))
        #expect(configuration.daemon.mode == .enforce)
        #expect(configuration.daemon.maxConcurrentRemediations == 1)
    }

    @Test func everyDecisionKeyRoundTrips() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("""
            [remediation.page]
            steps = [{ kind = "notify", message = "memory is low" }]

            [[check]]
            name = "database"
            kind = "memory"
            fail_after = 1
            recover_after = 100
            flap_low = 0
            flap_high = 100

            [[check]]
            name = "api"
            kind = "memory"
            fail_window = "  4 of 10 "
            flap_low = 12.5
            flap_high = 40
            depends_on = ["database", "disk"]
            remediation = "page"

            [[check]]
            name = "disk"
            kind = "disk"
            path = "/"
            fail_window = "100 of 100"
            depends_on = ["database"]
            """))
        let checks = Dictionary(uniqueKeysWithValues: configuration.checks.map { ($0.name, $0) })
        #expect(checks["database"]?.confirmation == ConfirmationPolicy(failure: .consecutive(failAfter: 1), recoverAfter: 100))
        #expect(checks["database"]?.flapping == FlapThresholds(low: 0, high: 100))
        #expect(checks["api"] == CheckDefinition(name: "api", kind: .memory,
                                                 confirmation: ConfirmationPolicy(failure: .window(failures: 4, of: 10)),
                                                 flapping: FlapThresholds(low: 12.5, high: 40),
                                                 dependsOn: ["database", "disk"], remediation: "page"))
        #expect(checks["disk"]?.confirmation.failure == .window(failures: 100, of: 100))
        #expect(checks["disk"]?.dependsOn == ["database"])
    }

    @Test func dependenciesAndPlansMayLiveInAnyFile() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(files: [
            ("a.toml", "[[check]]\nname = \"api\"\nkind = \"memory\"\ndepends_on = [\"database\"]\nremediation = \"restart-api\"\n"),
            ("b.toml", "[[check]]\nname = \"database\"\nkind = \"memory\"\n"
                + "[remediation.restart-api]\nsteps = [{ kind = \"restart_unit\", unit = \"api.service\" }]\n"),
        ]))
        #expect(configuration.checks.map(\.dependsOn) == [["database"], []])
        #expect(configuration.remediationPlans["restart-api"]?.steps == [.restartUnit("api.service")])
    }

    @Test func aTwoCheckLoopIsOneErrorWithItsPath() {
        let errors = ConfigTestHelpers.errors("""
            [[check]]
            name = "b"
            kind = "memory"
            depends_on = ["a"]

            [[check]]
            name = "a"
            kind = "memory"
            depends_on = ["b"]
            """)
        #expect(errors == [ConfigError(file: "bad.toml", line: 9, column: 1, table: "check \"a\"", key: "depends_on",
                                       message: "forms a cycle: a → b → a")])
        #expect(errors.first?.description == "bad.toml:9:1: check \"a\": depends_on: forms a cycle: a → b → a")
    }

    @Test func aLoopAcrossFilesNamesEveryCheckOnIt() {
        let errors = ConfigTestHelpers.errors(files: [
            ("one.toml", "[[check]]\nname = \"api\"\nkind = \"memory\"\ndepends_on = [\"event_store\"]\n"),
            ("two.toml", "[[check]]\nname = \"event_store\"\nkind = \"memory\"\ndepends_on = [\"database\"]\n"
                + "[[check]]\nname = \"database\"\nkind = \"memory\"\ndepends_on = [\"api\", \"event_store\"]\n"),
        ])
        #expect(errors.map(\.description) == [
            "one.toml:4:1: check \"api\": depends_on: forms a cycle: api → event_store → database → api",
            "two.toml:8:1: check \"database\": depends_on: forms a cycle: database → event_store → database",
        ])
    }

    @Test func aSelfDependencyIsReportedOnceNotAlsoAsALoop() {
        let errors = ConfigTestHelpers.errors("[[check]]\nname = \"a\"\nkind = \"memory\"\ndepends_on = [\"a\"]\n")
        #expect(errors.map(\.description) == ["bad.toml:4:1: check \"a\": depends_on[0]: a check cannot depend on itself"])
    }

    @Test func aCheckListedTwiceInDependsOnIsAnError() {
        let errors = ConfigTestHelpers.errors(
            "[[check]]\nname = \"a\"\nkind = \"memory\"\n[[check]]\nname = \"b\"\nkind = \"memory\"\ndepends_on = [\"a\", \"a\"]\n")
        #expect(errors.map(\.description) == ["bad.toml:7:1: check \"b\": depends_on[1]: \"a\" is listed twice"])
    }

    @Test func aBrokenPlanIsReportedButNotAlsoAsUnknownToTheCheckUsingIt() {
        let errors = ConfigTestHelpers.errors(
            "[remediation.p]\nsteps = [{ kind = \"exec\" }]\n[[check]]\nname = \"a\"\nkind = \"memory\"\nremediation = \"p\"\n")
        #expect(errors.map(\.description) == ["bad.toml:2:1: remediation.p: steps[0].argv: missing required key"])
    }
}
