import Foundation
import Glibc

/// Debian's real `prometheus-alertmanager` on a free loopback port, with a throwaway data folder
/// and no gossip port; stopped when released. One serves a whole suite where it can.
public final class AlertmanagerInstance: @unchecked Sendable {
    @TaskLocal public static var current: AlertmanagerInstance?

    public let port: Int
    private let directory: URL
    private let process: BackgroundProcess

    public init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-alertmanager-\(UUID().uuidString)")
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = { (name: String) in directory.appendingPathComponent(name).path }
        try """
            route: { receiver: 'null' }
            receivers: [ { name: 'null' } ]
            """.write(toFile: file("am.yml"), atomically: true, encoding: .utf8)
        port = try Self.freePort()
        process = try BackgroundProcess([
            "/usr/bin/prometheus-alertmanager", "--config.file=\(file("am.yml"))", "--storage.path=\(file("data"))",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
        ])
        guard process.waitForOutput(containing: "Listening on", timeout: .seconds(60)) else {
            throw TestSupportError("alertmanager did not start: \(process.printed)")
        }
    }

    deinit {
        process.signal(SIGTERM)
        _ = process.waitForExit(timeout: .seconds(10))
        try? FileManager.default.removeItem(at: directory)
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// The active alerts whose labels match `matchers` (`incident_id=…`), as `amtool` reads them back.
    public func activeAlerts(_ matchers: [String]) async throws -> [[String: Any]] {
        let arguments = ["--alertmanager.url=\(url)", "alert", "query", "-o", "json"] + matchers
        let tool = try await runOnOwnThread { try ExternalTool.run("/usr/bin/amtool", arguments) }
        guard tool.status == 0 else { throw TestSupportError("amtool failed: \(tool.standardError)") }
        let output = tool.standardOutput
        guard let alerts = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] else {
            throw TestSupportError("amtool printed no list: \(output)")
        }
        return alerts
    }

    /// A loopback TCP port nothing listens on now (the kernel's pick for port 0).
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestSupportError("socket: \(String(cString: strerror(errno)))") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(socket, socketAddress, length) == 0 && getsockname(socket, socketAddress, &length) == 0
            }
        }
        guard bound else { throw TestSupportError("bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
