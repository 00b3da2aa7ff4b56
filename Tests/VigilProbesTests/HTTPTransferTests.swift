import Foundation
import Testing
import VigilTestSupport
@testable import VigilProbes

/// HTTPTransfer's request side against a real server that echoes what it received: a POST
/// carries its headers in order and its body byte for byte, NUL included.
@Suite struct HTTPTransferTests {
    struct Echo: Decodable {
        var method: String
        var headers: [String: String]
        var body: String
    }

    @Test func postSendsTheHeadersAndTheExactBody() async throws {
        let server = try LoopbackHTTPServer()
        let body: [UInt8] = Array(#"{"a":1}"#.utf8) + [0, 0xff, 0x0a]
        let response = try await runOnOwnThread {
            try HTTPTransfer(method: "POST", url: server.url("/echo"), timeout: .seconds(10), collectBodyUpTo: 65_536,
                             headers: [("Content-Type", "application/json"), ("Idempotency-Key", "ntf-1")], requestBody: body).perform()
        }
        #expect(response.status == 200)
        let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body ?? []))
        #expect(echo.method == "POST")
        #expect(echo.headers["content-type"] == "application/json")
        #expect(echo.headers["idempotency-key"] == "ntf-1")
        #expect(echo.headers["expect"] == nil)
        #expect(echo.body == body.map { String(format: "%02x", $0) }.joined())
    }

    @Test func aHeaderWithALineBreakIsRefused() {
        #expect(throws: HTTPTransfer.Failure.self) {
            try HTTPTransfer(method: "POST", url: "http://127.0.0.1:9/", timeout: .seconds(1), collectBodyUpTo: nil,
                             headers: [("X-Injected", "a\r\nHost: elsewhere")], requestBody: [])
        }
    }
}
