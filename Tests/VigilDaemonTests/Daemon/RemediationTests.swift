import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// The real daemon acting on real targets: a plugin judges a file, remediation steps are real
/// child processes, and the decision trace is read back from a real journald.
@Suite("vigil run: remediation", .serialized)
struct RemediationTests {
    /// A check that is CRITICAL while `path` is missing (Debian's check_file_age), confirmed after
    /// two results and recovered after one, running `plan` every second.
    static func fileCheck(_ name: String, path: String, plan: String?, extra: [String] = []) -> String {
        TestConfig.check(name, kind: "command", interval: "1s", timeout: "900ms",
                         extra: ["argv = [\"/usr/lib/nagios/plugins/check_file_age\", \"-f\", \(TestConfig.quoted(path)), \"-w\", \"3600\", \"-c\", \"7200\"]"]
                             + (plan.map { ["remediation = \(TestConfig.quoted($0))"] } ?? []) + extra,
                         confirmation: ["fail_after = 2", "recover_after = 1"])
    }

    /// A plan of `steps` (TOML inline tables) with a short budget, backoff and verification.
    static func plan(_ name: String, steps: [String], maxAttempts: Int = 2, backoff: String = "2s",
                     verifyTimeout: String = "3s") -> String {
        """
        [remediation.\(name)]
        steps = [\(steps.joined(separator: ", "))]
        max_attempts = \(maxAttempts)
        backoff = "\(backoff)"
        backoff_max = "\(backoff)"
        grace = "100ms"
        verify_successes = 1
        verify_timeout = "\(verifyTimeout)"

        """
    }

    static func exec(_ argv: [String], timeout: String = "5s") -> String {
        "{ kind = \"exec\", argv = [\(argv.map(TestConfig.quoted).joined(separator: ", "))], timeout = \"\(timeout)\" }"
    }

    static func decisions(_ entries: [[String: String]]) -> [String] {
        entries.compactMap { $0["DECISION"] }
    }

    @Test("A confirmed CRITICAL check runs its plan; the step repairs the target and verification confirms it")
    func repairAndVerify() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let target = directory.file("target")
        let check = TestConfig.uniqueName("repair")
        let plan = TestConfig.uniqueName("restore")
        let daemon = try DaemonProcess(body: Self.fileCheck(check, path: target, plan: plan)
                                           + Self.plan(plan, steps: [Self.exec(["/usr/bin/touch", target])]),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")

        let verified = try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=verified"], timeout: .seconds(20))
        #expect(verified.first?["MESSAGE_ID"] == EventKind.remediationVerified.messageID)
        let trace = try JournalReader.entries(matching: ["PLAN=\(plan)"], count: 4)
        // Soft first (one blip opens nothing), then the attempt, its step, and the verification.
        #expect(Self.decisions(trace).prefix(4) == ["skip", "run", "run", "step-succeeded"], "\(trace)")
        #expect(trace.first?["SKIP_REASON"] == "soft-state")
        #expect(trace[1]["ATTEMPT"] == "1")
        #expect(trace[1]["BUDGET_LEFT"] == "1")
        #expect(trace[3]["EXIT_STATUS"] == "0")
        #expect(FileManager.default.fileExists(atPath: target))
        #expect(daemon.waitForResult(of: check, .healthy) != nil)
        let confirmed = try JournalReader.entries(matching: ["CHECK=\(check)", "STATE_TYPE=HARD"], count: 2)
        #expect(confirmed.map { $0["STATUS"] } == ["CRITICAL", "HEALTHY"], "\(confirmed)")
        #expect(daemon.terminate() == 0)
    }

    @Test("A failing step is escalated, backs off, spends the budget, and the plan stops at priority alert")
    func failingStepSpendsTheBudget() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("failing")
        let plan = TestConfig.uniqueName("hopeless")
        let step = Self.exec(["/usr/bin/python3", "-c", "import sys; print('cache is locked'); sys.exit(3)"])
        let daemon = try DaemonProcess(body: Self.fileCheck(check, path: directory.file("missing"), plan: plan)
                                           + Self.plan(plan, steps: [step]),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")

        let spent = try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=stop"], timeout: .seconds(30))
        #expect(spent.first?["PRIORITY"] == "1")
        #expect(spent.first?["MESSAGE_ID"] == EventKind.remediationBudgetSpent.messageID)
        let failures = try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=step-failed"], count: 2)
        #expect(failures.first?["EXIT_STATUS"] == "3")
        #expect(failures.first?["OUTPUT"]?.contains("cache is locked") == true, "\(failures)")
        let escalations = try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=escalate"], count: 2)
        #expect(escalations.map { $0["PRIORITY"] } == ["1", "1"])
        #expect(escalations.map { $0["ATTEMPT"] } == ["1", "2"])
        let backoff = try JournalReader.entries(matching: ["PLAN=\(plan)", "SKIP_REASON=backoff"])
        #expect(backoff.first?["NEXT_ALLOWED_AT"] != nil)

        // Stopped: the next results are skipped once, and status.json says so.
        _ = try JournalReader.entries(matching: ["PLAN=\(plan)", "SKIP_REASON=stopped"], timeout: .seconds(5))
        pause(.seconds(2))
        #expect(try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=run"], count: 0)
            .filter { $0["MESSAGE_ID"] == EventKind.remediationTriggered.messageID }.count == 2)
        let status = try #require(daemon.document)
        let view = try #require(status.decisions.plans.first { $0.plan == plan })
        #expect(view.stoppedSince != nil)
        #expect(view.budgetLeft == 0)

        // `vigil resume` re-arms it through the running daemon: a full budget, and the plan acts again.
        let resume = try BackgroundProcess([RepositoryPaths.vigilExecutable.path, "resume", plan, "--config", daemon.configPath],
                                           environment: ["PATH": "/usr/bin:/bin"])
        let exit = resume.waitForExit(timeout: .seconds(15)).flatMap(BackgroundProcess.exitCode(fromWaitStatus:))
        #expect(exit == 0, "\(resume.printed)")
        #expect(resume.printed.contains("armed"), "\(resume.printed)")
        let resumed = try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=resume"])
        #expect(resumed.first?["MESSAGE_ID"] == EventKind.remediationResumed.messageID)
        let again = try JournalReader.entries(matching: ["PLAN=\(plan)", "MESSAGE_ID=\(EventKind.remediationTriggered.messageID)"],
                                              count: 3, timeout: .seconds(10))
        #expect(again.last?["ATTEMPT"] == "1", "a resumed plan starts counting afresh: \(again)")
        #expect(daemon.terminate() == 0)
    }

    @Test("A hanging step is killed at its deadline and leaves nothing running")
    func hangingStepIsKilled() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let check = TestConfig.uniqueName("hanging")
        let plan = TestConfig.uniqueName("stuck")
        let seconds = ProcessTable.uniqueSleepSeconds()
        let daemon = try DaemonProcess(body: Self.fileCheck(check, path: directory.file("missing"), plan: plan)
                                           + Self.plan(plan, steps: [Self.exec(["/usr/bin/sleep", seconds], timeout: "1s")], maxAttempts: 1),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let failed = try JournalReader.entries(matching: ["PLAN=\(plan)", "DECISION=step-failed"], timeout: .seconds(20))
        #expect(failed.first?["EXIT_STATUS"]?.hasPrefix("killed at its deadline") == true, "\(failed)")
        let milliseconds = try #require(failed.first?["DURATION_MS"].flatMap(Double.init))
        #expect(milliseconds >= 1000 && milliseconds < 5000, "\(milliseconds)")
        #expect(ProcessTable.pids(withArgument: seconds).isEmpty, "the step's sleep outlived its deadline")
        #expect(daemon.terminate() == 0)
    }

    @Test("A flapping target pauses remediation and never gets more attempts than its budget")
    func flappingStaysWithinBudget() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        // A plugin that alternates between OK and CRITICAL on every run (test code: a shell is fine).
        let plugin = try directory.write("flap.sh", """
            if [ -e "$1" ]; then rm "$1"; echo "OK"; exit 0; else : > "$1"; echo "CRITICAL"; exit 2; fi

            """)
        let check = TestConfig.uniqueName("flapping")
        let plan = TestConfig.uniqueName("calm")
        let body = TestConfig.check(check, kind: "command", interval: "1s", timeout: "900ms",
                                    extra: ["argv = [\"/bin/sh\", \(TestConfig.quoted(plugin)), \(TestConfig.quoted(directory.file("flag")))]",
                                            "remediation = \(TestConfig.quoted(plan))"])
            + Self.plan(plan, steps: [Self.exec(["/usr/bin/true"])], maxAttempts: 3, backoff: "1s")
        let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")

        _ = try JournalReader.entries(matching: ["CHECK=\(check)", "MESSAGE_ID=\(EventKind.checkFlappingStarted.messageID)"],
                                      timeout: .seconds(30))
        _ = try JournalReader.entries(matching: ["PLAN=\(plan)", "SKIP_REASON=flapping"], timeout: .seconds(10))
        pause(.seconds(3))
        let attempts = try JournalReader.entries(matching: ["PLAN=\(plan)", "MESSAGE_ID=\(EventKind.remediationTriggered.messageID)"],
                                                 count: 0)
        #expect(attempts.count <= 3, "\(attempts.count) attempts with a budget of 3")
        #expect(daemon.terminate() == 0)
    }

    @Test("While a dependency is CRITICAL its dependent reports UNKNOWN and its probe does not run")
    func dependencySuppresses() throws {
        let directory = try ScratchDirectory()
        let parent = TestConfig.uniqueName("parent")
        let child = TestConfig.uniqueName("child")
        let marker = directory.file("child-ran")
        let body = Self.fileCheck(parent, path: directory.file("parent-ok"), plan: nil)
            + TestConfig.check(child, kind: "command", interval: "1s", timeout: "900ms",
                               extra: ["argv = [\"/usr/bin/touch\", \(TestConfig.quoted(marker))]",
                                       "depends_on = [\(TestConfig.quoted(parent))]"])
        let daemon = try DaemonProcess(body: body, directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let suppressed = try #require(daemon.waitForResult(of: child, .unknown, timeout: .seconds(20)) { $0.message.hasPrefix("dependency") },
                                      "\(daemon.output)")
        #expect(suppressed.message == "dependency \(parent) is CRITICAL")
        try? FileManager.default.removeItem(atPath: marker)
        pause(.seconds(3))
        #expect(!FileManager.default.fileExists(atPath: marker), "the suppressed check's probe ran")

        #expect(FileManager.default.createFile(atPath: directory.file("parent-ok"), contents: nil))
        #expect(daemon.waitForResult(of: child, .healthy) != nil, "\(daemon.output)")
        #expect(daemon.output.contains("\(child) is judged on its own again"), "\(daemon.output)")
        #expect(daemon.terminate() == 0)
    }
}
