import Foundation

/// Looks through /proc for live processes, to prove a test left nothing running.
public enum ProcessTable {
    /// Pids of live processes whose command line contains `marker` (zombies have none, so
    /// they are not counted).
    public static func pids(withArgument marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                  !data.isEmpty else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.contains(where: { $0.contains(marker) }) ? pid : nil
        }
    }

    /// Waits up to `timeout` for every process carrying `marker` to be gone; returns the
    /// pids still alive at the end (empty when all are gone).
    public static func waitUntilGone(withArgument marker: String, timeout: Duration = .seconds(3)) async -> [Int32] {
        let end = ContinuousClock.now + timeout
        while true {
            let alive = pids(withArgument: marker)
            if alive.isEmpty || ContinuousClock.now >= end { return alive }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A `sleep` duration that doubles as a unique marker: long, and unlike any other process's.
    public static func uniqueSleepSeconds() -> String {
        "600.\(UInt32.random(in: 100_000...999_999))"
    }
}
