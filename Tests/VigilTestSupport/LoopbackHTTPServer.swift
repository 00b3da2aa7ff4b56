import Foundation

/// A real HTTP (or HTTPS, with a self-signed certificate) server on 127.0.0.1, run by Python
/// from `Tests/Fixtures/http_server.py`; stopped when released.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public let port: Int
    public let scheme: String
    private let process: BackgroundProcess
    private let directory: URL

    /// Starts the server; with `tls`, generates a throwaway self-signed certificate first.
    public init(tls: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = [RepositoryPaths.file("Tests/Fixtures/http_server.py").path]
        if tls {
            let cert = directory.appendingPathComponent("cert.pem").path
            let key = directory.appendingPathComponent("key.pem").path
            try Self.runToCompletion("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                                          "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert])
            arguments += [cert, key]
        }
        scheme = tls ? "https" : "http"
        process = try BackgroundProcess(["/usr/bin/python3", "-u"] + arguments)
        guard process.waitForOutput(containing: "\n", timeout: .seconds(20)),
              let port = Int(process.printed.prefix(while: { $0 != "\n" }))
        else {
            throw TestSupportError("http_server.py printed no port: \(process.printed)")
        }
        self.port = port
    }

    public func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    static func runToCompletion(_ executable: String, _ arguments: [String]) throws {
        let tool = try BackgroundProcess([executable] + arguments)
        guard let status = tool.waitForExit(timeout: .seconds(60)), BackgroundProcess.exitCode(fromWaitStatus: status) == 0 else {
            throw TestSupportError("\(executable) failed: \(tool.printed)")
        }
    }
}

/// A failure of the test harness itself, not of the code under test.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
