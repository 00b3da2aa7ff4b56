import Foundation
import Testing
import VigilConfig
import VigilCore

/// `[rollback]`: the trigger, the steps and their kinds, and each mistake named with file, table,
/// key and line.
@Suite struct RollbackConfigTests {
    static let release = "[release]\nversion_file = \"/srv/app/current/VERSION\"\n\n"
    static let backup = """
        [database.main]
        conninfo = "host=/run/postgresql dbname=app"

        [backup]
        database = "main"
        destination = "/var/backups/vigil"

        """
    static let check = """
        [[check]]
        name = "api"
        kind = "http"
        url = "http://127.0.0.1:8080/health"
        severity = "P0"

        """

    @Test func everyStepKindAndTheTrigger() throws {
        let text = Self.release + Self.backup + Self.check + """
            [rollback]
            critical_checks = 1
            checks = ["api"]
            for = "2m"
            within = "1h"
            verify_for = "30s"
            mode = "dry-run"
            steps = [
              { kind = "switch_symlink", link = "/srv/app/current", target = "/srv/app/releases/{version}" },
              { kind = "restore", backup = "before-release" },
              { kind = "exec", argv = ["/usr/bin/redis-cli", "FLUSHDB"], timeout = "30s" },
              { kind = "restart_unit", unit = "app.service" },
              { kind = "start_unit", unit = "app-migrate-down.service", timeout = "5m" },
              { kind = "notify", message = "rolled back to {version}" },
            ]

            """
        let rollback = try #require(ConfigTestHelpers.configuration(text)?.rollback)
        #expect(rollback.trigger == RollbackTrigger.Settings(criticalChecks: 1, checks: ["api"], sustainedFor: .seconds(120), within: .seconds(3600)))
        #expect(rollback.verifyFor == .seconds(30))
        #expect(rollback.mode == .dryRun)
        #expect(rollback.steps == [
            .switchSymlink(link: "/srv/app/current", target: "/srv/app/releases/{version}"),
            .restore(.beforeRelease),
            .remediation(.exec(["/usr/bin/redis-cli", "FLUSHDB"], timeout: .seconds(30))),
            .remediation(.restartUnit("app.service")),
            .startUnit(unit: "app-migrate-down.service", timeout: .seconds(300)),
            .remediation(.notify("rolled back to {version}")),
        ])
    }

    @Test func defaults() throws {
        let text = Self.release + "[rollback]\nsteps = [{ kind = \"restore\" }]\n"
        let rollback = try #require(ConfigTestHelpers.configuration(Self.backup + text)?.rollback)
        #expect(rollback.trigger == RollbackTrigger.Settings())
        #expect(rollback.trigger.checks == nil)
        #expect(rollback.verifyFor == .seconds(120))
        #expect(rollback.mode == nil)
        #expect(rollback.steps == [.restore(.lastOfRelease)])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let body: String
        let key: String?
        let line: Int?
        let message: String
        var testDescription: String { message }
    }

    /// Each body follows the `[release]` table (lines 1–3); `[rollback]` is line 4.
    static let cases = [
        Case(body: "critical_checks = 1\n", key: "steps", line: 4, message: "missing required key"),
        Case(body: "steps = []\n", key: "steps", line: 5,
             message: "must not be empty: a rollback needs at least one step, such as [{ kind = \"switch_symlink\", link = \"/srv/app/current\", target = \"/srv/app/releases/{version}\" }]"),
        Case(body: "steps = [{ kind = \"switch_symlink\", link = \"/srv/app/current\", target = \"/srv/app/releases/v2\" }]\n",
             key: "steps[0].target", line: 5, message: "must name the release by {version}, such as \"/srv/app/releases/{version}\", got \"/srv/app/releases/v2\""),
        Case(body: "steps = [{ kind = \"switch_symlink\", link = \"/srv/{version}\", target = \"/srv/app/releases/{version}\" }]\n",
             key: "steps[0].link", line: 5, message: "must not contain {version}: it is the link that always names the running release"),
        Case(body: "steps = [{ kind = \"start_unit\", unit = \"migrate\" }]\n", key: "steps[0].unit", line: 5,
             message: "must be a unit name with its type suffix, such as \"alexandria-restore.service\", got \"migrate\""),
        Case(body: "steps = [{ kind = \"exec\", argv = [\"redis-cli\"] }]\n", key: "steps[0].argv[0]", line: 5,
             message: "must be an absolute path (steps run without a shell or PATH search), got \"redis-cli\""),
        Case(body: "steps = [{ kind = \"notify\", message = \"x\", unit = \"a.service\" }]\n", key: "steps[0].unit", line: 5,
             message: "not a key of step kind notify (it belongs to restart_unit)"),
        Case(body: "for = \"500ms\"\nsteps = [{ kind = \"notify\", message = \"x\" }]\n", key: "for", line: 5, message: "must be at least 1s, got 500ms"),
        Case(body: "checks = []\nsteps = [{ kind = \"notify\", message = \"x\" }]\n", key: "checks", line: 5,
             message: "must name at least one check; leave it out for every check of severity P0"),
        Case(body: "steps = [{ kind = \"restore\" }]\n", key: "steps[0]", line: 5,
             message: "a restore step needs a [backup] table: it restores a backup taken there"),
        Case(body: "checks = [\"nope\"]\nsteps = [{ kind = \"notify\", message = \"x\" }]\n", key: "checks[0]", line: 5,
             message: "no check named \"nope\" in any file"),
        Case(body: "critical_checks = 2\nchecks = [\"nope\"]\nsteps = [{ kind = \"notify\", message = \"x\" }]\n", key: "critical_checks", line: 5,
             message: "is 2 but checks names only 1: the rollback could never fire"),
    ]

    @Test(arguments: cases)
    func reportsExactlyThisError(_ example: Case) {
        let errors = ConfigTestHelpers.errors(Self.release + "[rollback]\n" + example.body)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.file == "bad.toml")
        #expect(error.table == "rollback")
        #expect(error.key == example.key)
        #expect(error.message == example.message)
        #expect(error.line == example.line)
    }

    @Test func aRollbackNeedsReleaseTracking() {
        let errors = ConfigTestHelpers.errors("[rollback]\nsteps = [{ kind = \"notify\", message = \"x\" }]\n")
        #expect(errors.map(\.description)
            == ["bad.toml:1:1: rollback: needs a [release] table (version_file or version_command): a rollback returns to the last known good release it finds"])
    }

    @Test func anUnknownStepKindIsNamedWithTheKinds() {
        let errors = ConfigTestHelpers.errors(Self.release + "[rollback]\nsteps = [{ kind = \"redeploy\" }]\n")
        #expect(errors.count == 1)
        #expect(errors.first?.key == "steps[0].kind")
        #expect(errors.first?.message.contains("switch_symlink") == true)
    }

    @Test func coordinationNamesADatabaseAndABound() throws {
        let text = Self.backup + "[coordination]\ndatabase = \"main\"\nhost = \"web-1\"\nsession_timeout = \"6s\"\n"
        #expect(try #require(ConfigTestHelpers.configuration(text)).coordination
            == CoordinationSettings(database: "main", host: "web-1", sessionTimeout: .seconds(6)))
        #expect(try #require(ConfigTestHelpers.configuration(Self.backup + "[coordination]\ndatabase = \"main\"\n")).coordination
            == CoordinationSettings(database: "main"))
        #expect(ConfigTestHelpers.errors("[coordination]\ndatabase = \"nope\"\n").map(\.description)
            == ["bad.toml:2:1: coordination: database: no [database.nope] table in any file (no [database.NAME] table is defined)"])
        #expect(ConfigTestHelpers.errors(Self.backup + "[coordination]\ndatabase = \"main\"\nsession_timeout = \"1s\"\n").map(\.description)
            == ["bad.toml:9:1: coordination: session_timeout: must be at least 2s (a keepalive needs a probe and an answer), got 1s"])
    }
}
