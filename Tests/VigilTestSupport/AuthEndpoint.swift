import Foundation
import Glibc

/// `Tests/Fixtures/auth_server.py` on a free loopback port: an API endpoint with authentication,
/// its credentials in files of a folder of its own (`token`, `basic`, `expired`, each 0600), and a
/// bypass bug switched on and off by the test. Stopped and removed when released.
public final class AuthEndpoint: @unchecked Sendable {
    public static let token = "tok-9f3a61c2e7d84b05", basic = "reader:pa55-w0rd-31", expired = "tok-expired-00aa"

    public let port: Int
    public let folder: String
    private let process: BackgroundProcess

    public init() throws {
        folder = try FixtureServer.folder("vigil-auth")
        for (name, value) in [("token", Self.token), ("basic", Self.basic), ("expired", Self.expired)] {
            try (value + "\n").write(toFile: "\(folder)/\(name)", atomically: false, encoding: .utf8)
            chmod("\(folder)/\(name)", 0o600)
        }
        (process, port) = try FixtureServer.start("auth_server.py", [Self.token, Self.basic, Self.expired, "\(folder)/bypass"])
    }

    deinit {
        process.signal(SIGKILL)
        _ = process.waitForExit(timeout: .seconds(5))
        try? FileManager.default.removeItem(atPath: folder)
    }

    public var url: String { "http://127.0.0.1:\(port)/api/documents" }

    /// Switches the endpoint's bug on (every request accepted) or off.
    public func bypass(_ on: Bool) {
        if on { _ = FileManager.default.createFile(atPath: "\(folder)/bypass", contents: nil) } else { unlink("\(folder)/bypass") }
    }
}
