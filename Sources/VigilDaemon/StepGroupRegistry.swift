import FoundationEssentials
import Glibc
import Synchronization
import VigilCore
import VigilFiles

/// The process groups of the remediation steps running now, kept in `<runtime_dir>/steps.running`:
/// a daemon killed by SIGKILL outside systemd (where no cgroup ends its children) leaves its next
/// start a list of what to kill before a new attempt can act on the same target.
///
/// One line per group, `PGID START_TIME`: the group's id and its leader's start time (field 22 of
/// /proc/PID/stat, clock ticks since boot), which tells our leader from a process that got its pid
/// later. The runtime directory is a tmpfs cleared at boot, so no line comes from another boot.
public final class StepGroupRegistry: Sendable {
    /// A recorded step group.
    public struct Group: Sendable, Equatable {
        public let pgid: Int32
        public let startTime: UInt64

        public init(pgid: Int32, startTime: UInt64) {
            self.pgid = pgid
            self.startTime = startTime
        }
    }

    public static let fileName = "steps.running"

    public let path: String
    /// The groups this process runs; the file is rewritten from it, under its lock, so two steps
    /// ending at once never rename their versions over each other in the wrong order.
    private let running = Mutex<[Int32: UInt64]>([:])

    public init(runtimeDirectory: String) {
        path = runtimeDirectory + "/" + Self.fileName
    }

    /// Records a group whose leader is alive and unreaped. Best effort: a runtime directory that
    /// cannot be written must not keep a remediation from running.
    public func add(pgid: Int32) {
        guard let startTime = Self.startTime(of: pgid) else { return }
        running.withLock { groups in
            groups[pgid] = startTime
            write(groups)
        }
    }

    /// Forgets a group once its step is over (the group killed and its leader reaped).
    public func remove(pgid: Int32) {
        running.withLock { groups in
            guard groups.removeValue(forKey: pgid) != nil else { return }
            write(groups)
        }
    }

    /// At start, before any step is spawned: SIGKILLs every recorded group that can still be the
    /// one recorded, empties the file, and returns the groups signalled.
    ///
    /// A live pid with another start time belongs to someone else now, so it is skipped. A
    /// vanished leader is no reason to skip: the kernel does not reuse a pid while a group with
    /// that id still has members, so whatever answers to the id is what is left of our step.
    public func killLeftovers() -> [Int32] {
        running.withLock { groups in
            guard let text = Self.contents(of: path) else { return [] }
            var killed: [Int32] = []
            for group in Self.parse(text) where group.pgid != getpgrp() {
                if let current = Self.startTime(of: group.pgid), current != group.startTime { continue }
                if kill(-group.pgid, SIGKILL) == 0 { killed.append(group.pgid) }
            }
            write(groups)
            return killed
        }
    }

    /// The groups a file lists; lines that are not two numbers, and ids that name no single
    /// group (0 is the caller's own, 1 and below mean every process), are dropped.
    static func parse(_ text: String) -> [Group] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let pgid = Int32(fields[0]), pgid > 1,
                  let startTime = UInt64(fields[1]) else { return nil }
            return Group(pgid: pgid, startTime: startTime)
        }
    }

    static func text(of groups: [Int32: UInt64]) -> String {
        groups.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)\n" }.joined()
    }

    /// Field 22 of /proc/PID/stat, counted after the command name, which may hold spaces and
    /// parentheses itself; nil when there is no such process.
    static func startTime(of pid: Int32) -> UInt64? {
        guard let stat = contents(of: "/proc/\(pid)/stat"),
              let end = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        // fields[0] is field 3 (the state).
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    private func write(_ groups: [Int32: UInt64]) {
        try? AtomicFile.replace(path, with: Data(Self.text(of: groups).utf8), mode: 0o644, directoryMode: 0o755)
    }

    /// Read with plain `read` calls: files under /proc say their size is 0.
    private static func contents(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? String(decoding: bytes, as: UTF8.self) : nil }
            bytes += buffer[0..<count]
        }
    }
}
