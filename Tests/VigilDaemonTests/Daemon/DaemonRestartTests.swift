import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

/// The real daemon killed and started again on the same state directory: a restart, a crash or a
/// watchdog kill never refills a budget or forgets a backoff, a state file that cannot be trusted
/// is set aside and said, and a full disk is said without stopping anything.
@Suite("vigil run: restarts", .serialized)
struct DaemonRestartTests {
    /// A step that fails at once, as a remediation that cannot help does.
    static let failingStep = RemediationTests.exec(["/bin/sh", "-c", "echo cache is locked; exit 3"])

    /// A check that is CRITICAL while `target` is missing, acting through `plan` (3 attempts, an
    /// hour of backoff, so no second attempt may happen within a test), beside `extraChecks`
    /// memory checks that change the saved state on every result and make it bigger to write.
    static func body(check: String, target: String, plan: String, step: String = failingStep, extraChecks: Int = 0) -> String {
        RemediationTests.fileCheck(check, path: target, plan: plan)
            + (0..<extraChecks).map { TestConfig.memory("\(check)_memory_\($0)") }.joined()
            + RemediationTests.plan(plan, steps: [step], maxAttempts: 3, backoff: "1h")
    }

    static func stateFile(of directory: ScratchDirectory) -> String { directory.file("state") + "/state.json" }

    /// `plan` as status.json shows it once written by `daemon` itself (not by one killed before it).
    static func planView(of plan: String, writtenBy daemon: DaemonProcess, timeout: Duration = .seconds(10),
                         where condition: (DecisionSnapshot.PlanView) -> Bool = { _ in true }) -> DecisionSnapshot.PlanView? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let document = daemon.document, document.daemon?.pid == daemon.process.pid,
               let view = document.decisions.plans.first(where: { $0.plan == plan }), condition(view) {
                return view
            }
            if ContinuousClock.now >= deadline { return nil }
            usleep(50_000)
        }
    }

    /// Waits until status.json written by `daemon` itself shows `check` in `status`.
    static func waitForResult(of check: String, _ status: Status, writtenBy daemon: DaemonProcess,
                              timeout: Duration = .seconds(10)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let document = daemon.document, document.daemon?.pid == daemon.process.pid,
               document.report.checks.contains(where: { $0.name == check && $0.status == status }) {
                return true
            }
            usleep(50_000)
        }
        return false
    }

    /// The journal entries `pid` wrote about `plan`.
    static func entries(of plan: String, from pid: pid_t) throws -> [[String: String]] {
        try JournalReader.entries(matching: ["PLAN=\(plan)", "_PID=\(pid)"], count: 0)
    }

    static func triggered(_ plan: String) throws -> [[String: String]] {
        try JournalReader.entries(matching: ["PLAN=\(plan)", "MESSAGE_ID=\(EventKind.remediationTriggered.messageID)"], count: 0)
    }

    static func setAsideEntries(of stateFile: String) throws -> [[String: String]] {
        try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.stateSetAside.messageID)", "STATE_FILE=\(stateFile)"], count: 0)
    }

    /// Waits for the first attempt to fail and the backoff to begin, in the journal, in status.json
    /// and on disk; returns the backoff's end as journal fields show it.
    static func waitForBackoff(of plan: String, daemon: DaemonProcess) throws -> String {
        let pid = "_PID=\(daemon.process.pid)"
        let escalation = try #require(try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=escalate", pid], timeout: .seconds(30)).first)
        #expect(escalation["ATTEMPT"] == "1")
        #expect(escalation["BUDGET_LEFT"] == "2")
        let nextAllowedAt = try #require(escalation["NEXT_ALLOWED_AT"])
        let skip = try #require(try JournalReader.entries(matching: ["PLAN=\(plan)", "SKIP_REASON=backoff", pid], timeout: .seconds(10)).first)
        #expect(skip["NEXT_ALLOWED_AT"] == nextAllowedAt)
        let view = planView(of: plan, writtenBy: daemon) { $0.nextAllowedAt != nil }
        #expect(view?.budgetLeft == 2)
        #expect(view?.nextAllowedAt.map(WallClock.text) == nextAllowedAt)
        // The backoff and its skip said are on disk before anything is killed.
        let deadline = ContinuousClock.now + .seconds(10)
        while (try? SavedEngineState.load(from: daemon.directory.file("state")))
            .flatMap({ SavedEngineState.slot(of: plan, in: $0) })?.lastSkip != "backoff" {
            guard ContinuousClock.now < deadline else {
                Issue.record("the backoff never reached \(stateFile(of: daemon.directory))")
                break
            }
            usleep(50_000)
        }
        return nextAllowedAt
    }

    /// SIGKILL, as a crash or a watchdog kill; returns once the daemon is gone and reaped.
    static func kill9(_ daemon: DaemonProcess) throws {
        daemon.process.signal(SIGKILL)
        let status = try #require(daemon.process.waitForExit(timeout: .seconds(10)), "the daemon survived SIGKILL")
        #expect(status & 0x7f == SIGKILL, "the daemon ended before the kill: \(daemon.output.suffix(500))")
    }

    // MARK: - kill -9

    @Test("kill -9 in a backoff, twelve times (after READY, mid-batch, mid-save): the state loads, budget and backoff hold")
    func killedDuringBackoff() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let stateDirectory = directory.file("state")
        let check = TestConfig.uniqueName("locked")
        let plan = TestConfig.uniqueName("patient")
        let body = Self.body(check: check, target: directory.file("missing"), plan: plan, extraChecks: 6)
        var daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let nextAllowedAt = try Self.waitForBackoff(of: plan, daemon: daemon)
        let backoffStartedBy = daemon.process.pid

        var restartedPids: [pid_t] = []
        var killsMidSave = 0
        var savesCaught = 0
        for cycle in 0..<12 {
            switch cycle % 3 {
            case 0:
                break // right after READY
            case 1:
                pause(.milliseconds(150 + 100 * cycle)) // somewhere between two batches, or in one
            default:
                if SavedEngineState.waitForSaveInProgress(in: stateDirectory, timeout: .seconds(5)) { savesCaught += 1 }
            }
            try Self.kill9(daemon)
            if !SavedEngineState.temporaryFiles(in: stateDirectory).isEmpty { killsMidSave += 1 }
            let saved = try SavedEngineState.load(from: stateDirectory)
            let slot = try #require(SavedEngineState.slot(of: plan, in: saved), "cycle \(cycle): the plan is gone from \(saved)")
            #expect(slot.budget.budgetLeft(at: Date()) == 2, "cycle \(cycle)")
            #expect(slot.budget.nextAllowedAt.map(WallClock.text) == nextAllowedAt, "cycle \(cycle)")

            daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
            _ = try #require(daemon.waitForReady(), "cycle \(cycle): no READY=1; output: \(daemon.output)")
            restartedPids.append(daemon.process.pid)
            let view = try #require(Self.planView(of: plan, writtenBy: daemon), "cycle \(cycle): no plan in status.json")
            #expect(view.budgetLeft == 2, "cycle \(cycle)")
            #expect(view.nextAllowedAt.map(WallClock.text) == nextAllowedAt, "cycle \(cycle)")
            #expect(SavedEngineState.temporaryFiles(in: stateDirectory).isEmpty, "cycle \(cycle): a start left a temp file")
        }
        // The last start takes a few CRITICAL results: a forgotten backoff would run the plan now.
        #expect(Self.waitForResult(of: check, .critical, writtenBy: daemon), "no result since the last start")
        // A new episode: the target recovers for a moment and fails again; the restarted daemon
        // says the backoff again, with the deadline set before the kills.
        #expect(FileManager.default.createFile(atPath: directory.file("missing"), contents: nil))
        #expect(Self.waitForResult(of: check, .healthy, writtenBy: daemon), "the target never recovered")
        try FileManager.default.removeItem(atPath: directory.file("missing"))
        let again = try JournalReader.entries(matching: ["PLAN=\(plan)", "SKIP_REASON=backoff", "_PID=\(daemon.process.pid)"],
                                              timeout: .seconds(15))
        #expect(again.first?["NEXT_ALLOWED_AT"] == nextAllowedAt, "\(again)")
        pause(.seconds(2))

        #expect(try Self.setAsideEntries(of: Self.stateFile(of: directory)).isEmpty)
        #expect(SavedEngineState.setAsideFiles(in: stateDirectory).isEmpty)
        let attempts = try Self.triggered(plan)
        #expect(attempts.count == 1, "the budget was refilled or the backoff forgotten: \(attempts)")
        #expect(attempts.first?["_PID"] == String(backoffStartedBy))
        // After the restarts only skips: the new episode's soft start, then the backoff.
        var skipsAfterRestarts = 0
        for pid in restartedPids {
            for entry in try Self.entries(of: plan, from: pid) {
                #expect(entry["DECISION"] == "skip", "\(entry)")
                guard entry["SKIP_REASON"] != "soft-state" else { continue }
                skipsAfterRestarts += 1
                #expect(entry["SKIP_REASON"] == "backoff", "\(entry)")
                #expect(entry["NEXT_ALLOWED_AT"] == nextAllowedAt, "\(entry)")
            }
        }
        #expect(skipsAfterRestarts >= 1)
        let saved = try SavedEngineState.load(from: stateDirectory)
        #expect(SavedEngineState.slot(of: plan, in: saved)?.budget.budgetLeft(at: Date()) == 2)
        #expect(daemon.terminate() == 0)
        print("restarts: 12 kills in a backoff, \(savesCaught) of 4 aimed at a save found one under way, "
            + "\(killsMidSave) left a save unfinished (a temp file); \(skipsAfterRestarts) backoff skips said after restarts")
    }

    @Test("kill -9 while a step runs: the attempt fails as interrupted, stays counted, and the next start kills the step before READY")
    func killedWhileStepRuns() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("slow")
        let plan = TestConfig.uniqueName("sleepy")
        let seconds = ProcessTable.uniqueSleepSeconds()
        let body = Self.body(check: check, target: directory.file("missing"), plan: plan,
                             step: RemediationTests.exec(["/usr/bin/sleep", seconds], timeout: "60s"))
        var daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        defer { for pid in ProcessTable.pids(withArgument: seconds) { kill(pid, SIGKILL) } }
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")

        let deadline = ContinuousClock.now + .seconds(30)
        while ProcessTable.pids(withArgument: seconds).isEmpty
                || (try? SavedEngineState.load(from: directory.file("state")))?.running.isEmpty != false {
            try #require(ContinuousClock.now < deadline, "the step never ran with its attempt saved: \(daemon.output)")
            usleep(50_000)
        }
        // The step is `sleep` itself, so its pid is its process group's id.
        let step = try #require(ProcessTable.pids(withArgument: seconds).first)
        let groupsFile = directory.file("run/steps.running")
        #expect(directory.read("run/steps.running")?.hasPrefix("\(step) ") == true, "the step's group is not recorded in \(groupsFile)")
        try Self.kill9(daemon)
        // Nothing ends a step's own process group with a daemon killed by SIGKILL (under systemd the
        // unit's cgroup does): outside systemd it runs on until the next start kills it.
        pause(.seconds(1))
        #expect(ProcessTable.pids(withArgument: seconds) == [step], "the step did not outlive the daemon")

        daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        // Killed before READY, before any attempt could start; SIGKILL lands as the step is next scheduled.
        var survivors = ProcessTable.pids(withArgument: seconds)
        let killDeadline = ContinuousClock.now + .seconds(1)
        while !survivors.isEmpty, ContinuousClock.now < killDeadline {
            usleep(20_000)
            survivors = ProcessTable.pids(withArgument: seconds)
        }
        #expect(survivors.isEmpty, "the step \(step) outlived the restart: pids \(survivors) still run `sleep \(seconds)`")
        let killed = try #require(try JournalReader.entries(matching: ["PROCESS_GROUPS=\(step)", "_PID=\(daemon.process.pid)"],
                                                            timeout: .seconds(10)).first, "no journal entry names the killed group")
        #expect(killed["PRIORITY"] == "4")
        #expect(killed["STEP_GROUPS_FILE"] == groupsFile)
        #expect(killed["MESSAGE"]?.contains("process groups \(step)") == true, "\(killed)")
        #expect(directory.read("run/steps.running") == "")

        let failed = try #require(try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=escalate", "_PID=\(daemon.process.pid)"],
                                                            timeout: .seconds(10)).first)
        #expect(failed["REASON"]?.contains("interrupted by a daemon restart") == true, "\(failed)")
        #expect(failed["ATTEMPT"] == "1")
        #expect(failed["BUDGET_LEFT"] == "2")
        let view = try #require(Self.planView(of: plan, writtenBy: daemon) { $0.nextAllowedAt != nil })
        #expect(view.budgetLeft == 2)
        #expect(view.running == nil)
        pause(.seconds(2))
        #expect(try Self.triggered(plan).count == 1)
        #expect(daemon.terminate() == 0)
    }

    @Test("kill -9 the moment a step starts: the attempt is already saved, so a restart does not run attempt 1 again")
    func killedAsTheStepStarts() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("abrupt")
        let plan = TestConfig.uniqueName("fatal")
        // The step kills the daemon that started it, once: no test timing can land a kill sooner.
        let marker = directory.file("killed-once")
        let step = RemediationTests.exec(["/bin/sh", "-c", "[ -e \"$1\" ] || { : > \"$1\"; kill -KILL $PPID; }; exit 3", "sh", marker])
        var daemon = try DaemonProcess(body: Self.body(check: check, target: directory.file("missing"), plan: plan, step: step),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let status = try #require(daemon.process.waitForExit(timeout: .seconds(30)), "the step never killed the daemon")
        #expect(status & 0x7f == SIGKILL)
        #expect(FileManager.default.fileExists(atPath: marker))

        daemon = try DaemonProcess(body: Self.body(check: check, target: directory.file("missing"), plan: plan, step: step),
                                   logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let escalation = try #require(try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=escalate"], timeout: .seconds(20)).first)
        pause(.seconds(2))
        let attempts = try Self.triggered(plan)
        // The attempt reaches the disk with the next batch, up to 250 ms after its step started; a
        // crash in between loses it. Remove the wrapper once the state is saved before a step runs.
        #expect(attempts.map { $0["ATTEMPT"] } == ["1"], "attempt 1 ran again after the crash: \(attempts)")
        #expect(escalation["REASON"]?.contains("interrupted by a daemon restart") == true, "\(escalation)")
        #expect(escalation["BUDGET_LEFT"] == "2", "\(escalation)")
        #expect(Self.planView(of: plan, writtenBy: daemon)?.budgetLeft == 2)
        #expect(daemon.terminate() == 0)
    }

    @Test("SIGTERM while a step runs: the step is killed, and the next start fails the attempt as interrupted, still counted")
    func stoppedWhileStepRuns() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let plan = TestConfig.uniqueName("halted")
        let seconds = ProcessTable.uniqueSleepSeconds()
        let body = Self.body(check: TestConfig.uniqueName("halting"), target: directory.file("missing"), plan: plan,
                             step: RemediationTests.exec(["/usr/bin/sleep", seconds], timeout: "60s"))
        var daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        defer { for pid in ProcessTable.pids(withArgument: seconds) { kill(pid, SIGKILL) } }
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let deadline = ContinuousClock.now + .seconds(30)
        while ProcessTable.pids(withArgument: seconds).isEmpty {
            try #require(ContinuousClock.now < deadline, "the step never ran: \(daemon.output)")
            usleep(50_000)
        }
        #expect(daemon.terminate(timeout: .seconds(10)) == 0)
        #expect(ProcessTable.pids(withArgument: seconds).isEmpty, "the step outlived a clean stop")
        let saved = try SavedEngineState.load(from: directory.file("state"))
        #expect(saved.running.count == 1, "the attempt in flight was not saved: \(saved.running)")

        daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let failed = try #require(try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=escalate", "_PID=\(daemon.process.pid)"],
                                                            timeout: .seconds(10)).first)
        #expect(failed["REASON"]?.contains("interrupted by a daemon restart") == true, "\(failed)")
        #expect(failed["BUDGET_LEFT"] == "2")
        #expect(Self.planView(of: plan, writtenBy: daemon) { $0.nextAllowedAt != nil }?.budgetLeft == 2)
        pause(.seconds(2))
        #expect(try Self.triggered(plan).count == 1)
        #expect(daemon.terminate() == 0)
    }

    // MARK: - Damaged state

    /// Starts a daemon on `directory` whose state file holds `damaged`: the file is set aside and
    /// said at priority err, and the engine starts clean (attempt 1 of a full budget runs).
    static func expectSetAsideAndCleanStart(_ damaged: Data, directory: ScratchDirectory, body: String, plan: String) throws {
        let stateFile = stateFile(of: directory)
        #expect(FileManager.default.createFile(atPath: stateFile, contents: damaged))
        let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let entry = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.stateSetAside.messageID)",
                                                                      "STATE_FILE=\(stateFile)", "_PID=\(daemon.process.pid)"]).first)
        #expect(entry["PRIORITY"] == "3")
        let movedTo = try #require(entry["MOVED_TO"])
        #expect(movedTo.hasPrefix(stateFile + ".corrupt-"))
        #expect(entry["MESSAGE"]?.contains(movedTo) == true, "\(entry)")
        #expect(FileManager.default.contents(atPath: movedTo) == damaged, "the set-aside file is not the damaged one")
        #expect(SavedEngineState.setAsideFiles(in: directory.file("state")).count == 1)

        let started = try #require(daemon.document, "no status.json at READY")
        #expect(started.daemon?.pid == daemon.process.pid)
        #expect(started.decisions.plans.isEmpty, "the engine did not start clean: \(started.decisions.plans)")
        let attempt = try #require(try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=run", "_PID=\(daemon.process.pid)",
                                                                        "MESSAGE_ID=\(EventKind.remediationTriggered.messageID)"],
                                                             timeout: .seconds(20)).first)
        #expect(attempt["ATTEMPT"] == "1")
        #expect(attempt["BUDGET_LEFT"] == "2")
        _ = try waitForBackoff(of: plan, daemon: daemon)
        #expect(try SavedEngineState.load(from: directory.file("state")).plans.count == 1)
        #expect(daemon.terminate() == 0)
    }

    @Test("Garbage in state.json: set aside as state.json.corrupt-*, said at priority err, the engine starts clean")
    func garbageIsSetAside() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        #expect(mkdir(directory.file("state"), 0o700) == 0)
        let plan = TestConfig.uniqueName("fresh")
        let garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255) })
        try Self.expectSetAsideAndCleanStart(garbage, directory: directory,
                                             body: Self.body(check: TestConfig.uniqueName("garbled"), target: directory.file("missing"), plan: plan),
                                             plan: plan)
    }

    @Test("A truncated state.json from a real run: set aside, said at priority err, the engine starts with a full budget")
    func truncatedIsSetAside() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let plan = TestConfig.uniqueName("cut")
        let body = Self.body(check: TestConfig.uniqueName("truncated"), target: directory.file("missing"), plan: plan)
        let first = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(first.waitForReady(), "no READY=1; output: \(first.output)")
        _ = try Self.waitForBackoff(of: plan, daemon: first)
        #expect(first.terminate() == 0)
        let whole = try #require(FileManager.default.contents(atPath: Self.stateFile(of: directory)))
        try Self.expectSetAsideAndCleanStart(whole.prefix(whole.count / 2), directory: directory, body: body, plan: plan)
    }

    // MARK: - Full disk

    @Test("A full disk under state_dir: decisions go on, state-write-failed is said once, then state-write-recovered; the next start loads the newest state")
    func fullDisk() throws {
        try JournalReader.requirePrivateJournald()
        let disk = try SmallTmpfs(sizeInKilobytes: 256)
        let directory = try ScratchDirectory()
        try #require(symlink(disk.path, directory.file("state")) == 0)
        let target = directory.file("target")
        #expect(FileManager.default.createFile(atPath: target, contents: nil))
        let check = TestConfig.uniqueName("cramped")
        let plan = TestConfig.uniqueName("roomless")
        let body = Self.body(check: check, target: target, plan: plan)
        var daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        #expect(daemon.waitForResult(of: check, .healthy) != nil)
        let deadline = ContinuousClock.now + .seconds(10)
        while (try? SavedEngineState.load(from: disk.path)) == nil {
            try #require(ContinuousClock.now < deadline, "no state saved on the small disk")
            usleep(50_000)
        }

        try disk.fill("filler")
        try FileManager.default.removeItem(atPath: target)
        let escalation = try #require(try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=escalate"], timeout: .seconds(30)).first)
        let nextAllowedAt = try #require(escalation["NEXT_ALLOWED_AT"])
        // A record may still fit in the free end of the log's last page; the next ones do not, and
        // every result of the failing check is a decision (its breaker counts it).
        let failures = try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.stateWriteFailed.messageID)", "_PID=\(daemon.process.pid)"],
                                                 timeout: .seconds(35))
        pause(.seconds(3)) // several more batches, each failing to save
        #expect(daemon.isRunning)
        let failuresLater = try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.stateWriteFailed.messageID)", "_PID=\(daemon.process.pid)"],
                                                      timeout: .seconds(5))
        #expect(failures.count == 1 && failuresLater.count == 1, "said once per batch, not once: \(failuresLater.count)")
        #expect(failures.first?["PRIORITY"] == "3")
        #expect(failures.first?["REASON"]?.contains("No space left on device") == true, "\(failures)")
        // What the full disk holds is whole and never ahead of the decisions: the attempt is there
        // with its deadline (it fitted), or not yet.
        let beforeSpaceReturns = try SavedEngineState.load(from: disk.path)
        let deadlineOnDisk = SavedEngineState.slot(of: plan, in: beforeSpaceReturns)?.budget.nextAllowedAt.map(WallClock.text)
        #expect(deadlineOnDisk == nil || deadlineOnDisk == nextAllowedAt, "\(String(describing: deadlineOnDisk))")

        try FileManager.default.removeItem(atPath: disk.path + "/filler")
        let recovered = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.stateWriteRecovered.messageID)",
                                                                          "_PID=\(daemon.process.pid)"], timeout: .seconds(10)).first)
        #expect(recovered["STATE_FILE"] == Self.stateFile(of: directory))
        #expect(Int(recovered["FAILURES_UNSAID"] ?? "") ?? 0 >= 1, "\(recovered)")
        let saved = try SavedEngineState.load(from: disk.path)
        #expect(SavedEngineState.slot(of: plan, in: saved)?.budget.nextAllowedAt.map(WallClock.text) == nextAllowedAt)

        try Self.kill9(daemon)
        daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let view = try #require(Self.planView(of: plan, writtenBy: daemon))
        #expect(view.budgetLeft == 2)
        #expect(view.nextAllowedAt.map(WallClock.text) == nextAllowedAt)
        pause(.seconds(2))
        #expect(try Self.triggered(plan).count == 1)
        #expect(daemon.terminate() == 0)
    }

    // MARK: - Clean stop

    @Test("SIGTERM in a backoff saves the state; the next start goes on with the same budget and backoff")
    func cleanStopKeepsTheBackoff() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("stopped")
        let plan = TestConfig.uniqueName("steady")
        let body = Self.body(check: check, target: directory.file("missing"), plan: plan)
        var daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let nextAllowedAt = try Self.waitForBackoff(of: plan, daemon: daemon)
        #expect(daemon.terminate() == 0)
        let saved = try SavedEngineState.load(from: directory.file("state"))
        #expect(saved.running.isEmpty)
        #expect(SavedEngineState.slot(of: plan, in: saved)?.budget.budgetLeft(at: Date()) == 2)

        daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let view = try #require(Self.planView(of: plan, writtenBy: daemon))
        #expect(view.budgetLeft == 2)
        #expect(view.nextAllowedAt.map(WallClock.text) == nextAllowedAt)
        #expect(Self.waitForResult(of: check, .critical, writtenBy: daemon), "no result since the last start")
        pause(.seconds(2))
        #expect(try Self.triggered(plan).count == 1)
        #expect(try Self.setAsideEntries(of: Self.stateFile(of: directory)).isEmpty)
        #expect(daemon.terminate() == 0)
    }
}
