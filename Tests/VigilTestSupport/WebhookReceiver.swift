import Foundation

/// `Tests/Fixtures/webhook_receiver.py` on a loopback port: a real HTTP server that records each
/// request (and, given the secret, checks its signature with Python's hmac) and answers with the
/// statuses it was started with. Stopped when released.
public final class WebhookReceiver: @unchecked Sendable {
    public struct Request: Decodable, Sendable {
        public var path: String
        public var headers: [String: String]
        public var body: String
        public var signature_valid: Bool?
        /// The status it was answered with; nil for a request to `/silent`, never answered.
        public var status: Int?
    }

    public let port: Int
    private let directory: URL
    private let process: BackgroundProcess

    public init(statuses: [Int], secret: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-receiver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process = try BackgroundProcess(["/usr/bin/python3", "-u", RepositoryPaths.file("Tests/Fixtures/webhook_receiver.py").path,
                                         directory.appendingPathComponent("requests").path,
                                         statuses.map(String.init).joined(separator: ",")] + (secret.map { [$0] } ?? []))
        guard process.waitForOutput(containing: "\n", timeout: .seconds(20)), let port = Int(process.printed.prefix(while: { $0 != "\n" })) else {
            throw TestSupportError("webhook_receiver.py printed no port: \(process.printed)")
        }
        self.port = port
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    public func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, in order.
    public func requests() throws -> [Request] {
        let record = directory.appendingPathComponent("requests")
        guard FileManager.default.fileExists(atPath: record.path) else { return [] }
        return try String(contentsOf: record, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Request.self, from: Data($0.utf8))
        }
    }
}
