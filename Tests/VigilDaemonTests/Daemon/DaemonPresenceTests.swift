import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

@Suite("DaemonPresence")
struct DaemonPresenceTests {
    @Test("pids that cannot name a daemon: 0 (our group) and -1 (every process)", arguments: [Int32(0), -1])
    func notProcesses(pid: Int32) {
        #expect(DaemonPresence.process(pid) == .gone)
    }

    @Test("a zombie (exited, not reaped yet) is gone; a live process of another name is other")
    func zombieAndOther() throws {
        let child = try BackgroundProcess(["/bin/sleep", "0.1"])
        #expect(DaemonPresence.process(child.pid) == .other("sleep"))
        var stat = ""
        for _ in 0..<250 where !stat.contains(") Z") {
            usleep(20_000)
            stat = (try? String(contentsOfFile: "/proc/\(child.pid)/stat", encoding: .utf8)) ?? ""
        }
        #expect(stat.contains(") Z"), "the child should be a zombie: \(stat)")
        #expect(DaemonPresence.process(child.pid) == .gone)
        #expect(child.waitForExit() != nil)
        #expect(DaemonPresence.process(child.pid) == .gone)
    }

    @Test("a status file that is not JSON, or names no daemon")
    func oddFiles() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("status.json", "{ not json")
        guard case .notRunning(let message) = DaemonPresence.check(statusPath: path) else {
            Issue.record("a broken file must not count as a running daemon")
            return
        }
        #expect(message.hasPrefix("cannot tell whether vigil runs: its status at \(path) cannot be read ("))
        let document = StatusDocument(report: HealthReport(checks: [], at: StatusSample.reportTime))
        try document.json().write(to: URL(fileURLWithPath: path))
        #expect(DaemonPresence.check(statusPath: path) == .unidentified(document: document))
    }

    @Test("survives SIGUSR1: a process that catches it does, one with the default action does not")
    func survivesSignal() throws {
        let catcher = try BackgroundProcess(["/usr/bin/python3", "-c",
            "import signal; signal.signal(signal.SIGUSR1, lambda n, f: None); print('ready', flush=True); signal.pause()"])
        #expect(catcher.waitForOutput(containing: "ready"))
        #expect(DaemonPresence.survives(signal: SIGUSR1, pid: catcher.pid))
        let sleeper = try BackgroundProcess(["/bin/sleep", "30"])
        #expect(!DaemonPresence.survives(signal: SIGUSR1, pid: sleeper.pid))
        #expect(!DaemonPresence.survives(signal: SIGUSR1, pid: 0))
    }
}
