import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// What the daemon's plugins get from it (nothing of its environment) and what they get when it
/// stops (their whole process group killed).
@Suite("vigil run: plugin processes", .serialized)
struct PluginIsolationTests {
    /// A check name whose splay puts its first run within half a second of the start, so a check
    /// with a long interval still runs at once.
    static func promptName(_ prefix: String, interval: Duration) -> String {
        while true {
            let name = TestConfig.uniqueName(prefix)
            if Splay.offset(for: name, interval: interval) < .milliseconds(500) { return name }
        }
    }

    @Test("A plugin gets only its config's env (no NOTIFY_SOCKET, WATCHDOG_* or anything of the daemon's), no inherited descriptors, a group of its own")
    func pluginEnvironment() throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let name = Self.promptName("environment", interval: .seconds(60))
        let body = TestConfig.command(name, ["/bin/sleep", marker], environment: ["PLUGIN_SETTING": "from-config"],
                                      interval: "60s", timeout: "30s")
        let daemon = try DaemonProcess(body: body, environment: [
            "WATCHDOG_USEC": "30000000", "DAEMON_ONLY": "inherited", "JOURNAL_STREAM": "1:1",
        ])
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let plugin = try #require(waitForProcess(withArgument: marker), "the plugin never started: \(daemon.output)")
        let environ = FileManager.default.contents(atPath: "/proc/\(plugin)/environ") ?? Data()
        let variables = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(variables == ["PLUGIN_SETTING=from-config"], "\(variables)")
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(plugin)/fd")) ?? []
        #expect(descriptors.sorted() == ["0", "1", "2"], "the plugin holds the daemon's descriptors: \(descriptors)")
        #expect(getpgid(plugin) == plugin, "the plugin is not the leader of its own process group")
        #expect(getpgid(plugin) != getpgid(daemon.process.pid))
        #expect(daemon.terminate() == 0)
    }

    @Test("SIGTERM to the daemon kills an in-flight plugin's whole process group")
    func stopKillsPluginGroup() async throws {
        let marker = ProcessTable.uniqueSleepSeconds()
        let name = Self.promptName("in_flight", interval: .seconds(60))
        // A plugin that leaves a grandchild in its group, and waits on a child of its own.
        let body = TestConfig.command(name, ["/bin/sh", "-c", "/bin/sleep \"$0\" & /bin/sleep \"$0\"", marker],
                                      interval: "60s", timeout: "30s")
        let daemon = try DaemonProcess(body: body)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        _ = try #require(waitForProcess(withArgument: marker), "the plugin never started: \(daemon.output)")
        // The shell and both sleeps (the shell forks them just after it starts).
        let deadline = ContinuousClock.now + .seconds(10)
        while ProcessTable.pids(withArgument: marker).count < 3, ContinuousClock.now < deadline { usleep(20_000) }
        #expect(ProcessTable.pids(withArgument: marker).count == 3, "\(ProcessTable.pids(withArgument: marker))")
        #expect(daemon.terminate() == 0, "\(daemon.output)")
        let survivors = await ProcessTable.waitUntilGone(withArgument: marker, timeout: .seconds(3))
        #expect(survivors.isEmpty, "still running after the daemon exited: \(survivors)")
        for pid in survivors { kill(pid, SIGKILL) }
    }

    /// The pid of a process carrying `marker`, once one runs (nil after `timeout`).
    private func waitForProcess(withArgument marker: String, timeout: Duration = .seconds(10)) -> pid_t? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let pid = ProcessTable.pids(withArgument: marker).min() { return pid }
            usleep(20_000)
        }
        return nil
    }
}
