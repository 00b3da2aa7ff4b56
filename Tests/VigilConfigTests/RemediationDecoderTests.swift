import Testing
import VigilConfig
import VigilCore

@Suite("Remediation plans, [breaker] and the daemon's remediation keys")
struct RemediationDecoderTests {
    @Test func everyPlanAndStepKeyRoundTrips() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("""
            [remediation.restart-api]
            steps = [
              { kind = "exec", argv = ["/usr/local/bin/clear-cache", "--all"], timeout = "45s", env = { LC_ALL = "C" } },
              { kind = "restart_unit", unit = "alexandria-api.service", timeout = "2m" },
              { kind = "notify", message = "api restarted" },
            ]
            max_attempts = 5
            window = "1h"
            backoff = "30s"
            backoff_max = "30s"
            healthy_for = "20m"
            grace = "10s"
            verify_successes = 4
            verify_timeout = "2m"
            mode = "dry-run"
            """))
        #expect(configuration.remediationPlans == ["restart-api": RemediationPlan(
            name: "restart-api",
            steps: [
                .exec(["/usr/local/bin/clear-cache", "--all"], timeout: .seconds(45), env: ["LC_ALL": "C"]),
                .restartUnit("alexandria-api.service", timeout: .seconds(120)),
                .notify("api restarted"),
            ],
            budget: RemediationBudget.Policy(maxAttempts: 5, window: .seconds(3600), backoff: .seconds(30),
                                             backoffMax: .seconds(30), healthyFor: .seconds(1200)),
            verification: RemediationRun.Verification(grace: .seconds(10), verifySuccesses: 4, verifyTimeout: .seconds(120)),
            mode: .dryRun)])
    }

    @Test func exclusivePlansNeedCoordination() throws {
        let plan = "[remediation.failover]\nsteps = [{ kind = \"notify\", message = \"failing over\" }]\nexclusive = true\n"
        let database = "[database.main]\nconninfo = \"host=/run/postgresql dbname=app\"\n\n"
        let coordinated = try #require(ConfigTestHelpers.configuration(database + "[coordination]\ndatabase = \"main\"\n\n" + plan))
        #expect(coordinated.remediationPlans["failover"]?.exclusive == true)
        #expect(ConfigTestHelpers.errors(plan).map(\.description) == [
            "bad.toml:3:1: remediation.failover: exclusive: needs a [coordination] table: only the host that leads the hosts sharing its database runs an exclusive plan",
        ])
        #expect(ConfigTestHelpers.errors(plan.replacingOccurrences(of: "exclusive = true", with: "exclusive = \"yes\"")).map(\.description)
            == ["bad.toml:3:1: remediation.failover: exclusive: expected a boolean (true or false), got string"])
    }

    @Test func leftOutPlanKeysTakeTheCoreDefaults() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("""
            [remediation.unused]
            steps = [{ kind = "exec", argv = ["/bin/true"] }, { kind = "restart_unit", unit = "x.service" }]
            """))
        let plan = try #require(configuration.remediationPlans["unused"])
        #expect(plan.budget == RemediationBudget.Policy())
        #expect(plan.verification == RemediationRun.Verification())
        #expect(plan.mode == nil)
        #expect(!plan.exclusive)
        #expect(plan.effectiveMode(daemonMode: .dryRun) == .dryRun)
        #expect(plan.steps.map(\.timeout) == [.seconds(30), .seconds(90)])
        #expect(plan.steps.first?.env == [:])
    }

    @Test func daemonAndBreakerKeysRoundTripAndLaterFilesOverrideKeyByKey() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(files: [
            ("vigil.toml", """
                [daemon]
                mode = "dry-run"
                max_concurrent_remediations = 4

                [breaker]
                failure_threshold = 2
                reset_timeout = "90s"
                success_threshold = 1
                """),
            ("vigil.d/10-enforce.toml", "[daemon]\nmode = \"enforce\"\n[breaker]\nreset_timeout = \"5m\"\n"),
        ]))
        #expect(configuration.daemon.mode == .enforce)
        #expect(configuration.daemon.maxConcurrentRemediations == 4)
        #expect(configuration.breaker == CircuitBreaker.Settings(failureThreshold: 2, resetTimeout: .seconds(300), successThreshold: 1))
    }

    @Test func thePlanModeOverridesTheDaemons() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("""
            [daemon]
            mode = "dry-run"
            [remediation.live]
            steps = [{ kind = "notify", message = "x" }]
            mode = "enforce"
            """))
        #expect(configuration.remediationPlans["live"]?.effectiveMode(daemonMode: configuration.daemon.mode) == .enforce)
    }

    @Test func aPlanNameDefinedInTwoFilesIsAnError() {
        let plan = "[remediation.p]\nsteps = [{ kind = \"notify\", message = \"x\" }]\n"
        let errors = ConfigTestHelpers.errors(files: [("a.toml", plan), ("b.toml", plan)])
        #expect(errors.map(\.description) == ["b.toml:1:1: remediation.p: already defined in a.toml"])
    }

    @Test func everyBadStepIsReportedNotOnlyTheFirst() {
        let errors = ConfigTestHelpers.errors("""
            [remediation.p]
            steps = [{ kind = "exec" }, { kind = "restart_unit", unit = "api" }, { kind = "page" }]
            """)
        #expect(errors.map(\.key) == ["steps[0].argv", "steps[1].unit", "steps[2].kind"])
        #expect(errors.allSatisfy { $0.line == 2 && $0.table == "remediation.p" })
    }
}
