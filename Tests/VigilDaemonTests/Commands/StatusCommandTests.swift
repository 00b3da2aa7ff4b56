import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon
import VigilTestSupport

/// The built `vigil status` and `vigil resume` against status files in a scratch runtime folder:
/// no daemon, a daemon that is gone, a stand-in daemon, and a real `vigil run`.
@Suite("vigil status and vigil resume", .serialized)
struct StatusCommandTests {
    /// A config that defines `restart-db` (and nothing that runs) with its runtime folder in `scratch`.
    static func planConfig(in scratch: ScratchDirectory) throws -> String {
        try scratch.write("plans.toml", TestConfig.daemon(runtimeDirectory: scratch.file("run"), stateDirectory: scratch.file("state")) + """
            [remediation.restart-db]
            steps = [{ kind = "notify", message = "database down" }]

            [remediation.restart-api]
            steps = [{ kind = "notify", message = "api down" }]
            """)
    }

    static func writeStatus(_ document: StatusDocument, in scratch: ScratchDirectory) throws {
        try FileManager.default.createDirectory(atPath: scratch.file("run"), withIntermediateDirectories: true)
        try document.json().write(to: URL(fileURLWithPath: scratch.file("run/status.json")))
    }

    /// A pid that was a process a moment ago and is now reaped.
    static func reapedPid() throws -> Int32 {
        let child = try BackgroundProcess(["/bin/true"])
        #expect(child.waitForExit() != nil)
        return child.pid
    }

    /// The fixture stand-in started through a symlink named `vigil`, so its comm is `vigil`.
    static func standIn(in scratch: ScratchDirectory, plan: String, deaf: Bool = false) throws -> BackgroundProcess {
        try FileManager.default.createDirectory(atPath: scratch.file("bin"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.file("bin/vigil"),
                                                   withDestinationPath: RepositoryPaths.file("Tests/Fixtures/standin_daemon.py").path)
        let process = try BackgroundProcess([scratch.file("bin/vigil"), scratch.file("run"), plan] + (deaf ? ["deaf"] : []))
        #expect(process.waitForOutput(containing: "ready"), "stand-in output: \(process.printed)")
        return process
    }

    @Test("no status file: vigil is not running, exit 3")
    func noStatusFile() throws {
        let scratch = try ScratchDirectory()
        let output = try VigilInvocation.run(["status", "--runtime-dir", scratch.file("run")])
        #expect(output.status == 3)
        #expect(output.standardOutput.isEmpty)
        #expect(output.standardError == "vigil is not running (no status at \(scratch.file("run/status.json")))\n")
    }

    @Test("a status file whose pid is gone is stale: exit 3, in both formats")
    func stalePid() throws {
        let scratch = try ScratchDirectory()
        let pid = try Self.reapedPid()
        try Self.writeStatus(StatusSample.document(pid: pid), in: scratch)
        for format in ["text", "json"] {
            let output = try VigilInvocation.run(["status", "--runtime-dir", scratch.file("run"), "--format", format])
            #expect(output.status == 3)
            #expect(output.standardOutput.isEmpty)
            #expect(output.standardError
                == "vigil is not running (pid \(pid) is gone; status from 2027-01-15T10:03:07Z is stale)\n")
        }
    }

    @Test("a pid now used by another program is not the daemon")
    func reusedPid() throws {
        let scratch = try ScratchDirectory()
        let other = try BackgroundProcess(["/bin/sleep", "30"])
        try Self.writeStatus(StatusSample.document(pid: other.pid), in: scratch)
        let output = try VigilInvocation.run(["status", "--runtime-dir", scratch.file("run")])
        #expect(output.status == 3)
        #expect(output.standardError.contains("pid \(other.pid) is now sleep, not vigil; status from 2027-01-15T10:03:07Z is stale"))
    }

    @Test("a live daemon: the header, the checks and plans, exit with the overall status")
    func liveStandIn() throws {
        let scratch = try ScratchDirectory()
        let daemon = try Self.standIn(in: scratch, plan: "restart-db")
        let output = try VigilInvocation.run(["status", "--runtime-dir", scratch.file("run")])
        #expect(output.status == 2, "CRITICAL; stderr: \(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("vigil 0.1.0, pid \(daemon.pid), up since ") == true)
        #expect(lines.contains { $0.hasPrefix("database  CRITICAL  HARD") && $0.hasSuffix("connection refused") })
        #expect(lines.contains { $0.hasPrefix("restart-db  database:main  enforce  0/3") && $0.contains("STOPPED since") })
        #expect(lines.last == "nothing running")
        let json = try VigilInvocation.run(["status", "--runtime-dir", scratch.file("run"), "--format", "json"])
        #expect(json.status == 2)
        let document = try StatusDocument.decode(json: Data(json.standardOutput.utf8))
        #expect(document.daemon?.pid == daemon.pid)
        #expect(document.decisions.plans.map(\.plan) == ["restart-db"])
    }

    @Test("a real vigil run: status shows its checks and exits with their overall status")
    func realDaemon() throws {
        let name = TestConfig.uniqueName("status_live")
        let daemon = try DaemonProcess(body: TestConfig.dummy(name, code: 1, message: "slow"))
        #expect(daemon.waitForReady() != nil, "daemon output: \(daemon.output)")
        #expect(daemon.waitForResult(of: name, .warning) != nil)
        let output = try VigilInvocation.run(["status", "--config", daemon.configPath])
        #expect(output.status == 1, "WARNING; stderr: \(output.standardError)")
        #expect(output.standardOutput.contains(name))
        let written = try StatusFile(path: daemon.directory.file("run/status.json")).read()
        #expect(daemon.terminate() == 0)
        let after = try VigilInvocation.run(["status", "--config", daemon.configPath])
        if let writer = written.daemon {
            #expect(writer.pid == daemon.process.pid)
            #expect(output.standardOutput.hasPrefix("vigil \(writer.version), pid \(daemon.process.pid), up since "))
            #expect(after.status == 3)
            #expect(after.standardError.hasPrefix("vigil is not running (pid \(writer.pid) is gone"), "after exit: \(after.standardError)")
        } else {
            // A status.json from before the file named its writer: shown, with a note.
            #expect(output.standardError.contains("does not name the daemon that wrote it"))
            #expect(after.status == 1)
        }
    }

    @Test("resume of a plan the configuration does not define: exit 65, the known plans listed")
    func resumeUnknownPlan() throws {
        let scratch = try ScratchDirectory()
        let output = try VigilInvocation.run(["resume", "restart-dv", "--config", try Self.planConfig(in: scratch)])
        #expect(output.status == 65)
        #expect(output.standardError == "no remediation plan named restart-dv; configured: restart-api, restart-db\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("run/resume")))
    }

    @Test("resume with no daemon: exit 3 and no request left behind")
    func resumeWithoutDaemon() throws {
        let scratch = try ScratchDirectory()
        let config = try Self.planConfig(in: scratch)
        let none = try VigilInvocation.run(["resume", "restart-db", "--config", config])
        #expect(none.status == 3)
        #expect(none.standardError == "vigil is not running (no status at \(scratch.file("run/status.json")))\n")
        try Self.writeStatus(StatusSample.document(pid: try Self.reapedPid()), in: scratch)
        let stale = try VigilInvocation.run(["resume", "restart-db", "--config", config])
        #expect(stale.status == 3)
        #expect(stale.standardError.contains("is gone; status from 2027-01-15T10:03:07Z is stale"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("run/resume")))
    }

    @Test("resume signals the daemon, which takes the request; the plan shows armed again")
    func resumeTaken() throws {
        let scratch = try ScratchDirectory()
        let daemon = try Self.standIn(in: scratch, plan: "restart-db")
        let output = try VigilInvocation.run(["resume", "restart-db", "--config", try Self.planConfig(in: scratch)])
        #expect(output.status == 0, "stderr: \(output.standardError)")
        #expect(output.standardOutput == "plan restart-db on database:main is armed: budget 3/3 left\n")
        #expect(daemon.waitForOutput(containing: "took restart-db"), "\(daemon.printed)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("run/resume")) == [])
    }

    @Test("a daemon that does not take the request in time: exit 1 and the request is withdrawn")
    func resumeNotTaken() throws {
        let scratch = try ScratchDirectory()
        let daemon = try Self.standIn(in: scratch, plan: "restart-db", deaf: true)
        let started = ContinuousClock.now
        let output = try VigilInvocation.run(["resume", "restart-db", "--config", try Self.planConfig(in: scratch),
                                              "--wait", "500ms"])
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(output.status == 1)
        #expect(output.standardOutput.isEmpty)
        #expect(output.standardError
            == "vigil (pid \(daemon.pid)) did not pick up the request for restart-db within 500ms; it was withdrawn\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("run/resume")) == [])
        #expect(!daemon.printed.contains("took"))
    }

    @Test("a daemon with no SIGUSR1 handler is not signalled, since the signal would end it")
    func resumeWithoutHandler() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("bin"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.file("bin/vigil"), withDestinationPath: "/bin/sleep")
        let old = try BackgroundProcess([scratch.file("bin/vigil"), "30"], environment: [:])
        #expect(DaemonPresence.process(old.pid) == .vigil)
        try Self.writeStatus(StatusSample.document(pid: old.pid), in: scratch)
        let output = try VigilInvocation.run(["resume", "restart-db", "--config", try Self.planConfig(in: scratch)])
        #expect(output.status == 3)
        #expect(output.standardError == "vigil (pid \(old.pid)) does not handle SIGUSR1 (a vigil without resume?); "
            + "it was not signalled, since that would stop it\n")
        #expect(old.waitForExit(timeout: .zero) == nil, "still running")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("run/resume")))
    }

    @Test("resume refuses a --wait that is not a duration")
    func resumeBadWait() throws {
        let scratch = try ScratchDirectory()
        let output = try VigilInvocation.run(["resume", "restart-db", "--config", try Self.planConfig(in: scratch), "--wait", "soon"])
        #expect(output.status == 64)
        #expect(output.standardError.contains("--wait soon is not a duration"))
    }
}
