import Glibc
import Synchronization

/// The process groups of children still being run, so that a stopping daemon can kill them
/// instead of leaving plugins orphaned. A group is listed only while its leader is unreaped,
/// so its id cannot belong to anyone else.
enum RunningGroups {
    private static let groups = Mutex<Set<pid_t>>([])

    static func add(_ leader: pid_t) { _ = groups.withLock { $0.insert(leader) } }
    static func remove(_ leader: pid_t) { _ = groups.withLock { $0.remove(leader) } }

    static func killAll() {
        groups.withLock { leaders in
            for leader in leaders { _ = kill(-leader, SIGKILL) }
        }
    }
}

extension ChildProcess {
    /// Kills every child group still running (at shutdown); their runs then end as killed.
    public static func killAllRunning() {
        RunningGroups.killAll()
    }
}
