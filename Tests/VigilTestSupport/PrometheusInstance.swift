import Foundation
import Glibc

/// Debian's real `prometheus` server on a free loopback port, scraping the given targets every
/// second into a throwaway data folder; queried through its HTTP API; stopped when released.
public final class PrometheusInstance: @unchecked Sendable {
    public let port: Int
    private let directory: URL
    private let process: BackgroundProcess

    public init(scraping targets: [String], job: String = "vigil") throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-prometheus-\(UUID().uuidString)")
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = { (name: String) in directory.appendingPathComponent(name).path }
        let list = targets.map { "'\($0)'" }.joined(separator: ", ")
        try """
            global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }
            scrape_configs:
              - job_name: '\(job)'
                static_configs: [ { targets: [\(list)] } ]
            """.write(toFile: file("prometheus.yml"), atomically: true, encoding: .utf8)
        port = try LoopbackPort.free()
        process = try BackgroundProcess([
            "/usr/bin/prometheus", "--config.file=\(file("prometheus.yml"))", "--storage.tsdb.path=\(file("data"))",
            "--web.listen-address=127.0.0.1:\(port)",
        ])
        guard process.waitForOutput(containing: "Server is ready to receive web requests", timeout: .seconds(60)) else {
            throw TestSupportError("prometheus did not start: \(process.printed)")
        }
    }

    deinit {
        process.signal(SIGTERM)
        _ = process.waitForExit(timeout: .seconds(10))
        try? FileManager.default.removeItem(at: directory)
    }

    /// An instant query's result vector: each sample's labels and value.
    public func query(_ expression: String) throws -> [(labels: [String: String], value: Double)] {
        let tool = try ExternalTool.run("/usr/bin/curl", ["-sS", "--max-time", "5", "--get", "--data-urlencode", "query=\(expression)",
                                                          "http://127.0.0.1:\(port)/api/v1/query"])
        guard tool.status == 0, let body = try JSONSerialization.jsonObject(with: Data(tool.standardOutput.utf8)) as? [String: Any],
              body["status"] as? String == "success", let data = body["data"] as? [String: Any],
              let result = data["result"] as? [[String: Any]] else {
            throw TestSupportError("query \(expression) failed: \(tool.standardOutput) \(tool.standardError)")
        }
        return result.compactMap { sample in
            guard let labels = sample["metric"] as? [String: String], let pair = sample["value"] as? [Any],
                  let text = pair.last as? String, let value = Double(text) else { return nil }
            return (labels, value)
        }
    }
}
