import Foundation
import Synchronization
import VigilTestSupport

/// One boot of a throwaway systemd-nspawn container in which `Tests/Fixtures/nspawn-restart/run-restart-test`
/// restarts units through `vigil-step-runner`; the tests share it and read what it left in /out.
struct RestartContainerBoot: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The files the container wrote to /out, by name.
    let files: [String: String]
    let seconds: Double

    /// `systemctl show` of a unit as recorded at one point (`running-before`, `running-after`, …).
    func state(_ name: String) throws -> [String: String] {
        let text = try file("\(name).txt")
        return Dictionary(text.split(separator: "\n").compactMap { line in
            line.firstIndex(of: "=").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
        }, uniquingKeysWith: { _, last in last })
    }

    /// The outcome vigil-step-runner printed for one restart (`running`, `failing`, `missing`).
    func outcome(_ name: String) throws -> [String: Any] {
        let text = try file("restart-\(name).json")
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Failure(description: "restart-\(name).json is not a JSON object: \(text)")
        }
        return object
    }

    func file(_ name: String) throws -> String {
        guard let text = files[name] else {
            throw Failure(description: "the container wrote no \(name); it wrote \(files.keys.sorted())")
        }
        return text
    }

    // MARK: - The one boot

    private static let boot = Mutex<Result<RestartContainerBoot, Failure>?>(nil)

    /// The shared boot, run on first use (on a thread of its own, not the cooperative pool).
    static func shared() async throws -> RestartContainerBoot {
        try await runOnOwnThread {
            try boot.withLock { cached in
                if cached == nil { cached = Result { try run() }.mapError { Failure(description: "\($0)") } }
                return try cached!.get()
            }
        }
    }

    private static func run() throws -> RestartContainerBoot {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-restart-test-" + UUID().uuidString)
        let script = RepositoryPaths.file("Tests/Fixtures/nspawn-restart/run-restart-test").path
        let runner = RepositoryPaths.productsDirectory.appendingPathComponent("vigil-step-runner").path
        let started = ContinuousClock.now
        let process = try BackgroundProcess([script, runner, out.path],
                                            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"])
        // The script gives systemd-nspawn 120 s (plus 10 s to die); this bound is never the one that fires.
        guard let status = process.waitForExit(timeout: .seconds(150)) else {
            process.signal(SIGKILL)
            throw Failure(description: "run-restart-test still running after 150 s: \(process.printed)")
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        guard BackgroundProcess.exitCode(fromWaitStatus: status) == 0 else {
            throw Failure(description: "run-restart-test failed (wait status \(status)), its files are in \(out.path):\n"
                + process.printed)
        }
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            files[name] = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        try FileManager.default.removeItem(at: out)
        return RestartContainerBoot(files: files, seconds: seconds)
    }
}
