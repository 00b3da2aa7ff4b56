import Testing
import VigilCore

/// The URLs a load run can aim at, taken apart without Foundation.
@Suite("LoadTarget")
struct LoadTargetTests {
    @Test("http URLs: host, port (80 by default), path with its query", arguments: [
        ("http://127.0.0.1:8080/api/health", LoadTarget(host: "127.0.0.1", port: 8080, path: "/api/health")),
        ("http://api.internal/", LoadTarget(host: "api.internal", port: 80, path: "/")),
        ("http://api.internal", LoadTarget(host: "api.internal", port: 80, path: "/")),
        ("http://api.internal?q=1", LoadTarget(host: "api.internal", port: 80, path: "/?q=1")),
        ("HTTP://[::1]:9000/x?y=z#frag", LoadTarget(host: "::1", port: 9000, path: "/x?y=z")),
    ])
    func parses(url: String, target: LoadTarget) {
        #expect(LoadTarget(url: url) == target)
    }

    @Test("anything else is refused", arguments: [
        "https://api.internal/", "api.internal/", "http://", "http://:80/", "http://h:0/", "http://h:70000/", "http://h:x/",
        "http://user@h/", "http://[::1/", "http://h/a b",
    ])
    func refuses(url: String) {
        #expect(LoadTarget(url: url) == nil)
    }

    @Test("the Host header leaves out port 80 and brackets an IPv6 address")
    func hostHeader() {
        #expect(LoadTarget(host: "api", port: 80, path: "/").hostHeader == "api")
        #expect(LoadTarget(host: "::1", port: 8080, path: "/").hostHeader == "[::1]:8080")
    }

    @Test("the planned length: the duration, or the count at the rate; unknown for a count without a rate")
    func plannedLength() {
        let request = [LoadRequest(url: "http://h/")]
        #expect(LoadScenario(concurrency: 1, bound: .duration(.seconds(3)), requests: request).plannedLength == .seconds(3))
        #expect(LoadScenario(concurrency: 1, bound: .requests(50), rate: 10, requests: request).plannedLength == .seconds(5))
        #expect(LoadScenario(concurrency: 1, bound: .requests(50), requests: request).plannedLength == nil)
    }
}
