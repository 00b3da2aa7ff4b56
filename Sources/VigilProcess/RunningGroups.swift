import Glibc
import Synchronization

/// The process groups of children still being run, so that a stopping daemon can kill them
/// instead of leaving plugins orphaned. A group is listed only while its leader is unreaped,
/// so its id cannot belong to anyone else.
enum RunningGroups {
    private struct Registry {
        var leaders: Set<pid_t> = []
        /// Set by `killAll`: a child spawned while the stop was under way (its exec done, its
        /// leader not yet listed) is killed as it is listed, instead of outliving the daemon.
        var killing = false
    }

    private static let registry = Mutex(Registry())

    static func add(_ leader: pid_t) {
        registry.withLock { registry in
            registry.leaders.insert(leader)
            if registry.killing { _ = kill(-leader, SIGKILL) }
        }
    }

    static func remove(_ leader: pid_t) { _ = registry.withLock { $0.leaders.remove(leader) } }

    static func killAll() {
        registry.withLock { registry in
            registry.killing = true
            for leader in registry.leaders { _ = kill(-leader, SIGKILL) }
        }
    }
}

extension ChildProcess {
    /// Kills every child group still running (at shutdown), and from then on every group as it
    /// is spawned; their runs end as killed.
    public static func killAllRunning() {
        RunningGroups.killAll()
    }
}
