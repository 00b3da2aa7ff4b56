import Foundation

/// A real HTTP (or HTTPS, with a self-signed certificate) server on 127.0.0.1, run by Python
/// from `Tests/Fixtures/http_server.py`; stopped when released.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public let port: Int
    public let scheme: String
    private let process: Process
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
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableLine(), as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestSupportError("http_server.py printed no port: \(line)")
        }
        self.port = port
    }

    public func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    static func runToCompletion(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSupportError("\(executable) exited with \(process.terminationStatus)")
        }
    }
}

/// A failure of the test harness itself, not of the code under test.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension FileHandle {
    /// Reads byte by byte up to a newline: enough for a child's first line of output.
    func availableLine() -> [UInt8] {
        var bytes: [UInt8] = []
        while let byte = try? read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            bytes.append(first)
        }
        return bytes
    }
}
