import Foundation
import Testing
import VigilCore
import VigilTestSupport
@testable import VigilMetrics

/// The listener with real clients: curl, a raw socket, a second listener on the same port.
@Suite struct MetricsListenerTests {
    static let loopbackAnyPort = ListenAddress(host: "127.0.0.1", port: 0)

    static func curl(_ arguments: [String]) throws -> String {
        try ExternalTool.run("/usr/bin/curl", ["-sS", "--max-time", "5"] + arguments).standardOutput
    }

    @Test("GET and HEAD /metrics answer the exposition; another path 404, another method 405, a request that is not HTTP 400")
    func answersOnlyWhatItServes() throws {
        let listener = try MetricsListener.start(at: Self.loopbackAnyPort) { Array("vigil_up 1\n".utf8) }
        defer { listener.close() }
        #expect(listener.address.port != 0)
        let base = "http://\(listener.address)"
        #expect(try Self.curl(["-D", "-", "\(base)/metrics"]).contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"))
        #expect(try Self.curl(["\(base)/metrics?name[]=x"]) == "vigil_up 1\n")
        #expect(try Self.curl(["-I", "-o", "/dev/null", "-w", "%{http_code}", "\(base)/metrics"]) == "200")
        #expect(try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "\(base)/"]) == "404")
        #expect(try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "\(base)/metrics/../admin"]) == "404")
        #expect(try Self.curl(["-D", "-", "-o", "/dev/null", "-X", "POST", "--data", "x", "\(base)/metrics"])
            .contains("405 Method Not Allowed\r\nAllow: GET, HEAD"))
        let garbage = try ExternalTool.run("/usr/bin/python3", ["-c", """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
            s.sendall(b"\\x16\\x03\\x01 not http at all\\r\\n\\r\\n")
            print(s.recv(200).decode(errors="replace").splitlines()[0])
            """, String(listener.address.port)])
        #expect(garbage.standardOutput == "HTTP/1.1 400 Bad Request\n", "\(garbage.standardOutput)\(garbage.standardError)")
    }

    @Test("a port in use is an error that names the address and says so")
    func portInUse() throws {
        let first = try MetricsListener.start(at: Self.loopbackAnyPort) { [] }
        defer { first.close() }
        let taken = ListenAddress(host: "127.0.0.1", port: first.address.port)
        #expect {
            _ = try MetricsListener.start(at: taken) { [] }
        } throws: { error in
            (error as? MetricsListenerError)?.description
                == "cannot listen on 127.0.0.1:\(first.address.port) for metrics: the port is in use by another program (`ss -ltnp` shows which)"
        }
    }

    @Test("past its limit a connection is closed at once, and the listener still answers afterwards")
    func boundedConnections() throws {
        var limits = MetricsListener.Limits()
        limits.maxConnections = 8
        let listener = try MetricsListener.start(at: Self.loopbackAnyPort, limits: limits) { Array("ok\n".utf8) }
        defer { listener.close() }
        let flood = try ExternalTool.run("/usr/bin/python3", [RepositoryPaths.file("Tests/Fixtures/connection_flood.py").path,
                                                              "127.0.0.1", String(listener.address.port), "40", "3", "8"])
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(flood.standardOutput.utf8)) as? [String: Int],
                                   "\(flood.standardOutput)\(flood.standardError)")
        #expect(figures["connected"] == 40 && figures["closed_by_server"] == 32, "\(figures)")
        #expect(try Self.curl(["http://\(listener.address)/metrics"]) == "ok\n")
    }
}
