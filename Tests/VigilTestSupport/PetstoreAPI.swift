import Foundation
import Glibc

/// `Tests/Fixtures/contract_server.py` on a free loopback port: the petstore API of
/// `Tests/Fixtures/contracts/petstore.yaml`, switched by the test to answers that break its
/// contract, and serving a document of the test's choice at `/openapi.yaml`.
public final class PetstoreAPI: @unchecked Sendable {
    public let port: Int
    public let folder: String
    private let process: BackgroundProcess

    public init() throws {
        folder = try FixtureServer.folder("vigil-petstore")
        (process, port) = try FixtureServer.start("contract_server.py", [folder])
        try serveDocument(Self.contract("petstore.yaml"))
    }

    deinit {
        process.signal(SIGKILL)
        _ = process.waitForExit(timeout: .seconds(5))
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A document of `Tests/Fixtures/contracts`.
    public static func contract(_ name: String) -> String { RepositoryPaths.file("Tests/Fixtures/contracts/" + name).path }

    public var baseURL: String { "http://127.0.0.1:\(port)/api" }
    public var documentURL: String { "http://127.0.0.1:\(port)/openapi.yaml" }

    /// Answers that break the contract (on) or keep it (off).
    public func breakContract(_ on: Bool) {
        if on { _ = FileManager.default.createFile(atPath: "\(folder)/broken", contents: nil) } else { unlink("\(folder)/broken") }
    }

    /// The document the API serves as its own from now on.
    public func serveDocument(_ path: String) throws {
        try path.write(toFile: "\(folder)/document", atomically: true, encoding: .utf8)
    }
}
