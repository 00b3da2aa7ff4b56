import Testing
@testable import VigilConfig
import VigilCore

@Suite struct TLSConfigTests {
    static func check(_ body: String) -> String {
        "[[check]]\nname = \"api_tls\"\nkind = \"tls\"\n" + body
    }

    @Test func readsEveryKeyAndAddsTheExpiryThresholds() throws {
        let text = Self.check("address = \"db.internal:5432\"\nserver_name = \"db.example.com\"\nstarttls = \"postgres\"\n"
                              + "min_version = \"1.3\"\nca_file = \"/etc/ssl/private-ca.pem\"\n")
        let check = try #require(ConfigTestHelpers.configuration(text)?.checks.first)
        #expect(check.kind == .tls(TLSCheckSettings(host: "db.internal", port: 5432, serverName: "db.example.com", startTLS: .postgres,
                                                    minVersion: .v1_3, caFile: "/etc/ssl/private-ca.pem")))
        #expect(check.thresholds == [TLSCheckSettings.defaultThreshold])
        let ipv6 = try #require(ConfigTestHelpers.configuration(Self.check("address = \"[::1]:443\"\n"))?.checks.first)
        #expect(ipv6.kind == .tls(TLSCheckSettings(host: "::1", port: 443)))
        let own = try #require(ConfigTestHelpers.configuration(Self.check("address = \"a:443\"\nwarning = { days_left = 60 }\n"))?.checks.first)
        #expect(own.thresholds == [MetricThreshold(metric: "days_left", direction: .lowerIsWorse, warning: 60, critical: nil)],
                "a check's own limits replace the defaults")
    }

    @Test func badKeysNameWhatIsWrong() {
        func errors(_ body: String) -> [String] { ConfigTestHelpers.errors(Self.check(body)).map(\.description) }
        #expect(errors("address = \"api.example.com\"\n")
            == ["bad.toml:4:1: check \"api_tls\": address: must be HOST:PORT such as \"api.example.com:443\" or \"[::1]:5432\", got \"api.example.com\""])
        #expect(errors("address = \"a:443\"\nmin_version = \"1.4\"\n").first?.hasPrefix("bad.toml:5:1: check \"api_tls\": min_version: ") == true)
        #expect(errors("address = \"a:443\"\nstarttls = \"smtp\"\n").first?.hasPrefix("bad.toml:5:1: check \"api_tls\": starttls: ") == true)
        #expect(errors("") == ["bad.toml:1:1: check \"api_tls\": address: missing required key"])
        #expect(errors("address = \"a:443\"\nca_file = \"ca.pem\"\n").first?.hasPrefix("bad.toml:5:1: check \"api_tls\": ca_file: ") == true)
    }
}
