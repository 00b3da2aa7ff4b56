import FoundationEssentials
import Glibc
import VigilCore

/// Whether the daemon that wrote `status.json` still runs: a file outlives the process that wrote
/// it (a crash, kill -9), and a pid is reused, so the pid must be alive *and* still be vigil.
public enum DaemonPresence: Equatable, Sendable {
    /// The writer's pid is a live `vigil`.
    case running(pid: Int32, document: StatusDocument)
    /// The file names no writer (written before status.json named its daemon): nothing to verify.
    case unidentified(document: StatusDocument)
    /// No daemon to talk to; `message` says why, for people.
    case notRunning(message: String)

    /// Reads `statusPath` and checks its writer against the process table.
    public static func check(statusPath: String) -> DaemonPresence {
        guard FileManager.default.fileExists(atPath: statusPath) else {
            return .notRunning(message: "vigil is not running (no status at \(statusPath))")
        }
        let document: StatusDocument
        do {
            document = try StatusFile(path: statusPath).read()
        } catch {
            return .notRunning(message: "cannot tell whether vigil runs: its status at \(statusPath) cannot be read (\(ErrorText.describe(error)))")
        }
        guard let writer = document.daemon else { return .unidentified(document: document) }
        let stale = "status from \(WallClock.text(document.report.timestamp)) is stale"
        switch process(writer.pid) {
        case .vigil: return .running(pid: writer.pid, document: document)
        case .gone: return .notRunning(message: "vigil is not running (pid \(writer.pid) is gone; \(stale))")
        case .other(let name):
            return .notRunning(message: "vigil is not running (pid \(writer.pid) is now \(name), not vigil; \(stale))")
        }
    }

    /// What a pid is now.
    public enum ProcessIdentity: Equatable, Sendable {
        case vigil
        /// A live process of another name (the pid was reused).
        case other(String)
        /// No such process, or only a zombie waiting to be reaped.
        case gone
    }

    /// A live, non-zombie process whose `comm` or whose argv[0]'s last component is `vigil`.
    public static func process(_ pid: Int32) -> ProcessIdentity {
        // kill(0, …) and kill(-1, …) mean a process group and every process: never a daemon.
        guard pid > 0 else { return .gone }
        guard kill(pid, 0) == 0 || errno == EPERM else { return .gone }
        guard let stat = text("/proc/\(pid)/stat"), !isZombie(stat: stat) else { return .gone }
        let comm = text("/proc/\(pid)/comm")?.trimmingNewlines() ?? ""
        let argv0 = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")?
            .split(separator: 0, omittingEmptySubsequences: false).first
            .map { String(decoding: $0, as: UTF8.self) } ?? ""
        let program = argv0.split(separator: "/").last.map(String.init) ?? ""
        if comm == "vigil" || program == "vigil" { return .vigil }
        return .other(comm.isEmpty ? program : comm)
    }

    /// Whether `pid` catches or ignores `signal` (`SigCgt`/`SigIgn` of /proc/PID/status, which are
    /// process-wide): if it does neither, the default action of SIGUSR1 would end the process.
    public static func survives(signal: Int32, pid: Int32) -> Bool {
        guard pid > 0, signal > 0, signal <= 64, let status = text("/proc/\(pid)/status") else { return false }
        let bit = UInt64(1) << UInt64(signal - 1)
        return status.split(separator: "\n").contains { line in
            let fields = line.split(separator: ":", maxSplits: 1)
            guard fields.count == 2, fields[0] == "SigCgt" || fields[0] == "SigIgn",
                  let mask = UInt64(fields[1].trimmingSpaces(), radix: 16) else { return false }
            return mask & bit != 0
        }
    }

    /// `/proc/PID/stat` is `pid (comm) S …`; the comm may hold spaces and parentheses, so the
    /// state is the first field after the last `)`.
    private static func isZombie(stat: String) -> Bool {
        guard let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingSpaces().hasPrefix("Z")
    }

    private static func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}
