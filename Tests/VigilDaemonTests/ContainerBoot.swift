import Foundation
import Synchronization
import VigilTestSupport

/// One boot of a throwaway systemd-nspawn container in which `Tests/Fixtures/nspawn/run-unit-test`
/// installs Vigil and drives `vigil.service` through start, reloads, a watchdog kill, a
/// remediation that restarts a failed unit and a stop.
/// The boot takes about 20 s, so the tests share one and read what it left behind.
struct ContainerBoot: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The files the steps wrote to /out, by name.
    let files: [String: String]
    let seconds: Double

    /// `systemctl show` of vigil.service as recorded at one step (`started`, `reloaded`, …).
    func state(_ step: String) throws -> [String: String] {
        let text = try file("\(step).txt")
        return Dictionary(text.split(separator: "\n").compactMap { line in
            line.firstIndex(of: "=").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
        }, uniquingKeysWith: { _, last in last })
    }

    /// Every journal entry of the unit (`journalctl -o json -u vigil.service`), oldest first;
    /// a field with several values holds them joined by newlines.
    func journal() throws -> [[String: String]] {
        try JournalReader.entries(fromJSONLines: file("journal.json"))
    }

    func file(_ name: String) throws -> String {
        guard let text = files[name] else {
            throw Failure(description: "the container wrote no \(name); it wrote \(files.keys.sorted())")
        }
        return text
    }

    // MARK: - The one boot

    private static let boot = Mutex<Result<ContainerBoot, Failure>?>(nil)

    /// The shared boot, run on first use (on a thread of its own, not the cooperative pool).
    static func shared() async throws -> ContainerBoot {
        try await runOnOwnThread {
            try boot.withLock { cached in
                if cached == nil { cached = Result { try run() }.mapError { Failure(description: "\($0)") } }
                return try cached!.get()
            }
        }
    }

    private static func run() throws -> ContainerBoot {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-unit-test-" + UUID().uuidString)
        let script = RepositoryPaths.file("Tests/Fixtures/nspawn/run-unit-test").path
        let started = ContinuousClock.now
        let process = try BackgroundProcess([script, RepositoryPaths.vigilExecutable.path, out.path],
                                            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"])
        // The script gives systemd-nspawn 150 s (plus 10 s to die); this bound is never the one that fires.
        guard let status = process.waitForExit(timeout: .seconds(180)) else {
            process.signal(SIGKILL)
            throw Failure(description: "run-unit-test still running after 180 s: \(process.printed)")
        }
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        guard BackgroundProcess.exitCode(fromWaitStatus: status) == 0 else {
            throw Failure(description: "run-unit-test failed (wait status \(status)), its files are in \(out.path):\n"
                + process.printed)
        }
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            files[name] = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        try FileManager.default.removeItem(at: out)
        return ContainerBoot(files: files, seconds: seconds)
    }
}
