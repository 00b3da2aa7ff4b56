import Testing
import VigilCore

@Suite struct ListenAddressTests {
    @Test func readsLiteralsLocalhostAndEveryInterface() throws {
        #expect(try ListenAddress.parse("127.0.0.1:9464").get() == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(try ListenAddress.parse("[::1]:9464").get() == ListenAddress(host: "::1", port: 9464))
        #expect(try ListenAddress.parse("localhost:80").get() == ListenAddress(host: "127.0.0.1", port: 80))
        #expect(try ListenAddress.parse(":9464").get() == ListenAddress(host: "0.0.0.0", port: 9464))
        #expect(try ListenAddress.parse("127.0.0.1:0").get().port == 0)
    }

    @Test func saysWhatIsWrong() {
        let errors = ["127.0.0.1", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1:http", "::1:9464", "[::1]9464", "[::1", "example.com:9464",
                      "300.1.1.1:9464", "[nope]:1"].map { text in
            if case .failure(let error) = ListenAddress.parse(text) { error.description } else { "accepted" }
        }
        #expect(errors == [
            "needs a port, as in \"127.0.0.1:9464\"",
            "needs a port after \":\", as in \"127.0.0.1:9464\"",
            "the port must be a number from 0 to 65535, got \"99999\"",
            "the port must be a number from 0 to 65535, got \"http\"",
            "an IPv6 address goes in brackets, as in \"[::1]:9464\"",
            "needs a port after the address, as in \"[::1]:9464\"",
            "an IPv6 address needs its closing \"]\"",
            "\"example.com\" is not an IP address (names are not resolved: use \"127.0.0.1\", \"[::1]\" or \"localhost\")",
            "\"300.1.1.1\" is not an IP address (names are not resolved: use \"127.0.0.1\", \"[::1]\" or \"localhost\")",
            "\"nope\" is not an IPv6 address",
        ])
    }

    @Test func knowsLoopbackFromTheRest() {
        #expect(ListenAddress(host: "127.0.0.1", port: 1).isLoopback && ListenAddress(host: "127.1.2.3", port: 1).isLoopback)
        #expect(ListenAddress(host: "::1", port: 1).isLoopback)
        #expect(!ListenAddress(host: "0.0.0.0", port: 1).isLoopback && !ListenAddress(host: "10.0.0.1", port: 1).isLoopback)
        #expect(ListenAddress(host: "::1", port: 9464).description == "[::1]:9464")
    }
}
