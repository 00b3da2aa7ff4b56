import Foundation
import Synchronization
import VigilTestSupport

/// What one boot of a throwaway systemd-nspawn container left in its /out folder. A fixture
/// script under Tests/Fixtures boots it, runs its steps under systemd as PID 1 and powers off;
/// a boot takes seconds, so the tests of one fixture share one (see `SharedContainerRun`).
struct ContainerRun: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The files the container wrote to /out, by name.
    let files: [String: String]
    let seconds: Double

    /// `systemctl show` output recorded as `NAME.txt`, as a dictionary.
    func state(_ name: String) throws -> [String: String] {
        let text = try file("\(name).txt")
        return Dictionary(text.split(separator: "\n").compactMap { line in
            line.firstIndex(of: "=").map { (String(line[..<$0]), String(line[line.index(after: $0)...])) }
        }, uniquingKeysWith: { _, last in last })
    }

    /// Journal entries recorded with `journalctl -o json` in `name`, oldest first; a field with
    /// several values holds them joined by newlines.
    func journal(_ name: String = "journal.json") throws -> [[String: String]] {
        try JournalReader.entries(fromJSONLines: file(name))
    }

    func file(_ name: String) throws -> String {
        guard let text = files[name] else {
            throw Failure(description: "the container wrote no \(name); it wrote \(files.keys.sorted())")
        }
        return text
    }

    /// Runs `script arguments… OUT_DIR` (a repository path under Tests/Fixtures) and reads OUT_DIR.
    /// `timeout` is a backstop above the script's own bound on systemd-nspawn.
    static func run(script: String, arguments: [String], timeout: Duration) throws -> ContainerRun {
        let name = URL(fileURLWithPath: script).lastPathComponent
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-\(name)-" + UUID().uuidString)
        let started = ContinuousClock.now
        let process = try BackgroundProcess([RepositoryPaths.file(script).path] + arguments + [out.path],
                                            environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"])
        guard let status = process.waitForExit(timeout: timeout) else {
            process.signal(SIGKILL)
            throw Failure(description: "\(name) still running after \(timeout): \(process.printed)")
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        guard BackgroundProcess.exitCode(fromWaitStatus: status) == 0 else {
            throw Failure(description: "\(name) failed (wait status \(status)), its files are in \(out.path):\n" + process.printed)
        }
        var files: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: out.path) {
            files[file] = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
        }
        try FileManager.default.removeItem(at: out)
        return ContainerRun(files: files, seconds: seconds)
    }
}

/// One boot per fixture, run on first use (on a thread of its own, not the cooperative pool) and
/// shared by every test that asks, failure included.
final class SharedContainerRun: Sendable {
    private let boot: @Sendable () throws -> ContainerRun
    private let result = Mutex<Result<ContainerRun, ContainerRun.Failure>?>(nil)

    init(_ boot: @escaping @Sendable () throws -> ContainerRun) {
        self.boot = boot
    }

    func get() async throws -> ContainerRun {
        try await runOnOwnThread { [self] in
            try result.withLock { cached in
                if cached == nil {
                    cached = Result { try boot() }.mapError { ContainerRun.Failure(description: "\($0)") }
                }
                return try cached!.get()
            }
        }
    }
}
