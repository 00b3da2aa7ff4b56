import Testing
@testable import VigilConfig
import VigilCore

@Suite struct MetricsConfigTests {
    @Test func anAbsentTableServesNothingAnEmptyOneTheLoopbackDefault() throws {
        #expect(try #require(ConfigTestHelpers.configuration("")).metrics == nil)
        #expect(try #require(ConfigTestHelpers.configuration("[metrics]\n")).metrics == MetricsSettings())
        #expect(try #require(ConfigTestHelpers.configuration("[metrics]\nlisten = \"[::1]:9100\"\n")).metrics
            == MetricsSettings(listen: ListenAddress(host: "::1", port: 9100)))
    }

    @Test func aBadListenNamesTheFileTableAndKey() {
        #expect(ConfigTestHelpers.errors("[metrics]\nlisten = \"127.0.0.1\"\n").map(\.description)
            == ["bad.toml:2:1: metrics: listen: needs a port, as in \"127.0.0.1:9464\", got \"127.0.0.1\""])
        #expect(ConfigTestHelpers.errors("[metrics]\nlisten = \"metrics.example.com:9464\"\n").map(\.description)
            == ["bad.toml:2:1: metrics: listen: \"metrics.example.com\" is not an IP address (names are not resolved: use \"127.0.0.1\", \"[::1]\" or \"localhost\"), got \"metrics.example.com:9464\""])
        #expect(ConfigTestHelpers.errors("[metrics]\nlisten = 9464\n").map(\.description)
            == ["bad.toml:2:1: metrics: listen: expected a string, got integer"])
        #expect(ConfigTestHelpers.errors("[metrics]\nport = 9464\n").map(\.description).first?.hasPrefix("bad.toml:2:1: metrics: port: unknown key") == true)
    }
}
