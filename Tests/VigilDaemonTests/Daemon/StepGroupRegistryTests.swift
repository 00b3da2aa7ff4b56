import Foundation
import Glibc
import Testing
@testable import VigilDaemon
import VigilTestSupport

/// Real process groups, recorded and then killed by a registry that plays the next daemon start.
@Suite("StepGroupRegistry", .serialized)
struct StepGroupRegistryTests {
    /// `argv` as the leader of a new process group (and session), as a step is.
    static func groupLeader(_ argv: [String]) throws -> BackgroundProcess {
        try BackgroundProcess(["/usr/bin/setsid"] + argv)
    }

    /// Field 22 of /proc/PID/stat, read here with no parsing of the registry's own: the test's
    /// commands have no spaces in their names.
    static func startTime(of pid: pid_t) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        let fields = stat.split(separator: " ")
        return fields.count > 21 ? String(fields[21]) : nil
    }

    static func waitFor(_ count: Int, runningWith marker: String) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ProcessTable.pids(withArgument: marker).count < count {
            try #require(ContinuousClock.now < deadline, "\(count) processes never ran `sleep \(marker)`")
            usleep(20_000)
        }
    }

    static func waitUntil(_ pid: pid_t, runs arguments: [String]) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")?.split(separator: 0).map({ String(decoding: $0, as: UTF8.self) })
            != arguments {
            try #require(ContinuousClock.now < deadline, "process \(pid) never ran \(arguments)")
            usleep(20_000)
        }
    }

    /// SIGKILL lands as the target is next scheduled; a loaded machine may take a moment.
    static func waitUntilGone(_ marker: String) -> [pid_t] {
        let deadline = ContinuousClock.now + .seconds(3)
        while !ProcessTable.pids(withArgument: marker).isEmpty, ContinuousClock.now < deadline { usleep(20_000) }
        return ProcessTable.pids(withArgument: marker)
    }

    static func killAll(_ marker: String) {
        for pid in ProcessTable.pids(withArgument: marker) { kill(pid, SIGKILL) }
    }

    @Test("add writes each group with its leader's start time; remove takes it out; the folder is made if missing")
    func recordsAndRemoves() throws {
        let scratch = try ScratchDirectory()
        let registry = StepGroupRegistry(runtimeDirectory: scratch.file("run"))
        #expect(registry.path == scratch.file("run/steps.running"))
        let marker = ProcessTable.uniqueSleepSeconds()
        defer { Self.killAll(marker) }
        let first = try Self.groupLeader(["/usr/bin/sleep", marker])
        let second = try Self.groupLeader(["/usr/bin/sleep", marker])
        try Self.waitFor(2, runningWith: marker)
        let (low, high) = first.pid < second.pid ? (first.pid, second.pid) : (second.pid, first.pid)
        let lowLine = "\(low) \(try #require(Self.startTime(of: low)))\n"
        let highLine = "\(high) \(try #require(Self.startTime(of: high)))\n"

        registry.add(pgid: high)
        registry.add(pgid: low)
        #expect(scratch.read("run/steps.running") == lowLine + highLine)
        registry.remove(pgid: 999_999_999)
        #expect(scratch.read("run/steps.running") == lowLine + highLine)
        registry.remove(pgid: low)
        #expect(scratch.read("run/steps.running") == highLine)
        registry.remove(pgid: high)
        #expect(scratch.read("run/steps.running") == "")
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.file("run"))
        #expect(files == [StepGroupRegistry.fileName], "a temp file was left: \(files)")
    }

    @Test("Steps on many threads at once: the file ends listing exactly the groups still running")
    func concurrentStepsKeepTheFileRight() throws {
        let scratch = try ScratchDirectory()
        let registry = StepGroupRegistry(runtimeDirectory: scratch.path)
        let marker = ProcessTable.uniqueSleepSeconds()
        defer { Self.killAll(marker) }
        let leaders = try (0..<8).map { _ in try Self.groupLeader(["/usr/bin/sleep", marker]) }
        try Self.waitFor(leaders.count, runningWith: marker)
        DispatchQueue.concurrentPerform(iterations: leaders.count) { index in
            registry.add(pgid: leaders[index].pid)
            if index % 2 == 0 { registry.remove(pgid: leaders[index].pid) }
        }
        let listed = StepGroupRegistry.parse(scratch.read(StepGroupRegistry.fileName) ?? "").map(\.pgid)
        #expect(Set(listed) == Set(leaders.enumerated().filter { $0.offset % 2 == 1 }.map(\.element.pid)))
        #expect(listed.count == leaders.count / 2)
    }

    @Test("A leftover group, its leader and a grandchild alive: the next start kills both and empties the file")
    func killsALeftoverGroupWithItsGrandchild() throws {
        let scratch = try ScratchDirectory()
        let marker = ProcessTable.uniqueSleepSeconds()
        defer { Self.killAll(marker) }
        let leader = try Self.groupLeader(["/bin/sh", "-c", "/usr/bin/sleep \(marker) & exec /usr/bin/sleep \(marker)"])
        try Self.waitFor(2, runningWith: marker)
        StepGroupRegistry(runtimeDirectory: scratch.path).add(pgid: leader.pid)

        let killed = StepGroupRegistry(runtimeDirectory: scratch.path).killLeftovers()
        #expect(killed == [leader.pid])
        #expect(Self.waitUntilGone(marker).isEmpty, "the group outlived killLeftovers")
        #expect(leader.waitForExit(timeout: .seconds(5)).map { $0 & 0x7f } == SIGKILL)
        #expect(scratch.read(StepGroupRegistry.fileName) == "")
    }

    @Test("A leftover group whose leader is gone: the grandchild still answers to the group id and is killed")
    func killsWhatIsLeftWhenTheLeaderIsGone() throws {
        let scratch = try ScratchDirectory()
        let marker = ProcessTable.uniqueSleepSeconds()
        defer { Self.killAll(marker) }
        let leader = try Self.groupLeader(["/bin/sh", "-c", "/usr/bin/sleep \(marker) & exec /usr/bin/sleep 600"])
        // The shell's own command line carries the marker too: wait until it has started the
        // grandchild and become `sleep 600`, or killing it might come before the grandchild exists.
        try Self.waitUntil(leader.pid, runs: ["/usr/bin/sleep", "600"])
        try Self.waitFor(1, runningWith: marker)
        StepGroupRegistry(runtimeDirectory: scratch.path).add(pgid: leader.pid)
        leader.signal(SIGKILL)
        #expect(leader.waitForExit(timeout: .seconds(5)) != nil)
        #expect(Self.startTime(of: leader.pid) == nil, "the leader is still there")
        #expect(ProcessTable.pids(withArgument: marker).count == 1)

        #expect(StepGroupRegistry(runtimeDirectory: scratch.path).killLeftovers() == [leader.pid])
        #expect(Self.waitUntilGone(marker).isEmpty, "the grandchild outlived killLeftovers")
    }

    @Test("A recorded pid that now has another start time belongs to someone else: it is left alone")
    func skipsAReusedPid() throws {
        let scratch = try ScratchDirectory()
        let marker = ProcessTable.uniqueSleepSeconds()
        defer { Self.killAll(marker) }
        let stranger = try Self.groupLeader(["/usr/bin/sleep", marker])
        try Self.waitFor(1, runningWith: marker)
        let startTime = try #require(Self.startTime(of: stranger.pid).flatMap { UInt64($0) })
        try scratch.write(StepGroupRegistry.fileName, "\(stranger.pid) \(startTime + 1)\n")

        #expect(StepGroupRegistry(runtimeDirectory: scratch.path).killLeftovers().isEmpty)
        usleep(300_000)
        #expect(ProcessTable.pids(withArgument: marker) == [stranger.pid])
        #expect(stranger.waitForExit(timeout: .zero) == nil)
        #expect(scratch.read(StepGroupRegistry.fileName) == "")
    }

    @Test("No file: nothing is killed and no file is made")
    func missingFileIsHarmless() throws {
        let scratch = try ScratchDirectory()
        #expect(StepGroupRegistry(runtimeDirectory: scratch.file("run")).killLeftovers().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("run")))
    }

    @Test("A garbled file: nothing is killed and the file is emptied")
    func garbledFileIsHarmless() throws {
        let scratch = try ScratchDirectory()
        let garbage = Data((0..<2048).map { _ in UInt8.random(in: 0...255) }) + Data("\nnot numbers\n12\n".utf8)
        #expect(FileManager.default.createFile(atPath: scratch.file(StepGroupRegistry.fileName), contents: garbage))
        #expect(StepGroupRegistry(runtimeDirectory: scratch.path).killLeftovers().isEmpty)
        #expect(scratch.read(StepGroupRegistry.fileName) == "")
    }

    /// Never handed to kill(): -0 is this process's own group and -1 every process there is.
    @Test("Parsing keeps two-number lines naming a single group, nothing else")
    func parseDropsWhatNamesNoSingleGroup() {
        let text = "0 5\n1 5\n-7 5\n42 x\n42\n42 5 6\n4294967296 5\n43 99\n\n45 0\n"
        #expect(StepGroupRegistry.parse(text) == [.init(pgid: 43, startTime: 99), .init(pgid: 45, startTime: 0)])
    }
}
