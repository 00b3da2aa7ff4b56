import Foundation
import Glibc

/// `Tests/Fixtures/load_server.py` on a free loopback port: an HTTP/1.1 keep-alive service a test
/// can slow down and make fail a share of its requests, and which logs every request it served.
/// Stopped and removed when released.
public final class LoadService: @unchecked Sendable {
    public let port: Int
    public let folder: String
    private let process: BackgroundProcess

    public init() throws {
        folder = try FixtureServer.folder("vigil-load")
        (process, port) = try FixtureServer.start("load_server.py", [folder])
    }

    deinit {
        process.signal(SIGKILL)
        _ = process.waitForExit(timeout: .seconds(5))
        try? FileManager.default.removeItem(atPath: folder)
    }

    public func url(_ path: String = "/api/items") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Each answer waits this long first (0: at once).
    public func slow(milliseconds: Int) throws {
        try "\(milliseconds)\n".write(toFile: "\(folder)/delay_ms", atomically: true, encoding: .utf8)
    }

    /// Exactly every (100 / percent)-th request is answered 500 (0: none).
    public func fail(percent: Int) throws {
        try "\(percent)\n".write(toFile: "\(folder)/fail_percent", atomically: true, encoding: .utf8)
    }

    /// The requests served so far: when (monotonic seconds), method and path.
    public func served() -> [(time: Double, method: String, path: String)] {
        let text = (try? String(contentsOfFile: "\(folder)/requests.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let time = Double(parts[0]) else { return nil }
            return (time, String(parts[1]), String(parts[2]))
        }
    }
}
