import Foundation
import VigilTestSupport

/// `Tests/Fixtures/webhook_receiver.py` on a loopback port: a real HTTP server that records each
/// request (and, given the secret, checks its signature with Python's hmac) and answers with the
/// statuses it was started with. Stopped when released.
final class WebhookReceiver: @unchecked Sendable {
    struct Request: Decodable {
        var path: String
        var headers: [String: String]
        var body: String
        var signature_valid: Bool?
    }

    let port: Int
    private let scratch: ScratchFolder
    private let process: BackgroundProcess

    init(statuses: [Int], secret: String? = nil) throws {
        scratch = try ScratchFolder()
        process = try BackgroundProcess(["/usr/bin/python3", "-u", RepositoryPaths.file("Tests/Fixtures/webhook_receiver.py").path,
                                         scratch.file("requests"), statuses.map(String.init).joined(separator: ",")] + (secret.map { [$0] } ?? []))
        guard process.waitForOutput(containing: "\n", timeout: .seconds(20)), let port = Int(process.printed.prefix(while: { $0 != "\n" })) else {
            throw TestSupportError("webhook_receiver.py printed no port: \(process.printed)")
        }
        self.port = port
    }

    func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, in order.
    func requests() throws -> [Request] {
        guard FileManager.default.fileExists(atPath: scratch.file("requests")) else { return [] }
        return try scratch.read("requests").split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }
}
