import Testing
@testable import VigilConfig
import VigilCore

@Suite struct FilePermissionsConfigTests {
    static func check(_ body: String) -> String {
        "[[check]]\nname = \"config_review\"\nkind = \"file_permissions\"\n" + body
    }

    @Test func readsEveryRule() throws {
        let text = Self.check("""
            paths = ["/etc/vigil", "/srv/alexandria/config/*.toml"]
            owner = "root"
            group = "alexandria"
            max_mode = "0640"
            no_world_writable = true
            secrets = [{ path = "/srv/alexandria/secrets/*", owner = "alexandria" }]
            """)
        let check = try #require(ConfigTestHelpers.configuration(text)?.checks.first)
        #expect(check.kind == .filePermissions(FilePermissionsSettings(
            paths: ["/etc/vigil", "/srv/alexandria/config/*.toml"], owner: "root", group: "alexandria", maxMode: 0o640,
            noWorldWritable: true, secrets: [.init(path: "/srv/alexandria/secrets/*", owner: "alexandria")])))
    }

    @Test func badRulesNameTheirKey() {
        func errors(_ body: String) -> [String] { ConfigTestHelpers.errors(Self.check(body)).map(\.description) }
        #expect(errors("paths = [\"etc/vigil\"]\nowner = \"root\"\n")
            == ["bad.toml:4:1: check \"config_review\": paths[0]: must be an absolute path or glob, got \"etc/vigil\""])
        #expect(errors("paths = [\"/etc/vigil\"]\nmax_mode = \"0968\"\n")
            == ["bad.toml:5:1: check \"config_review\": max_mode: must be an octal mode such as \"0640\", got \"0968\""])
        #expect(errors("paths = [\"/etc/vigil\"]\n")
            == ["bad.toml:4:1: check \"config_review\": paths: says what to review but no rule: add owner, group, max_mode or no_world_writable"])
        #expect(errors("")
            == ["bad.toml:1:1: check \"config_review\": paths: a file_permissions check needs paths to review or secrets to guard"])
        #expect(errors("secrets = [{ path = \"/srv/key\" }]\n")
            == ["bad.toml:4:1: check \"config_review\": secrets[0].owner: missing required key"])
        #expect(errors("paths = [\"/etc/vigil\"]\nowner = \"root; rm -rf /\"\n")
            == ["bad.toml:5:1: check \"config_review\": owner: must be a user or group name such as \"alexandria\", got \"root; rm -rf /\""])
    }

    @Test func modesReadAsChmodTakesThem() {
        #expect(FilePermissionsDecoder.mode("0640") == 0o640)
        #expect(FilePermissionsDecoder.mode("640") == 0o640)
        #expect(FilePermissionsDecoder.mode("0o600") == 0o600)
        #expect(FilePermissionsDecoder.mode("4755") == 0o4755)
        #expect(FilePermissionsDecoder.mode("07777") == nil && FilePermissionsDecoder.mode("rw-r-----") == nil)
    }
}
