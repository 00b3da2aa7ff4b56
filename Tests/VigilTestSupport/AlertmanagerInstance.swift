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
        port = try LoopbackPort.free()
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
}
