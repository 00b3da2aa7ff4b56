import Glibc
import Testing
import VigilCore
import VigilProbes
import VigilTestSupport

/// The `command` probe against real children and Debian's monitoring-plugins.
@Suite struct CommandProbeTests {
    static let plugins = "/usr/lib/nagios/plugins"

    private func observe(_ argv: [String], environment: [String: String] = [:], timeout: Duration = .seconds(20)) async throws -> Observation {
        try await CommandProbe(settings: CommandCheckSettings(argv: argv, environment: environment))
            .observe(until: .now + timeout)
    }

    private func shell(_ script: String) async throws -> Observation {
        try await observe(["/bin/sh", "-c", script])
    }

    @Test(arguments: [
        ("0", Status.healthy, "OK: all good"),
        ("1", .warning, "WARNING: all good"),
        ("2", .critical, "CRITICAL: all good"),
        ("3", .unknown, "UNKNOWN: all good"),
    ])
    func checkDummyMapsEachExitCode(code: String, status: Status, message: String) async throws {
        let observation = try await observe(["\(Self.plugins)/check_dummy", code, "all good"])
        #expect(observation == Observation(status: status, message: message))
    }

    @Test func otherExitCodeIsUnknownWithTheReason() async throws {
        let observation = try await shell("echo 'SEVEN | x=7'; exit 7")
        #expect(observation == Observation(status: .unknown, message: "plugin exited with code 7: SEVEN", metrics: ["x": 7]))
    }

    @Test func deathBySignalIsUnknownWithTheSignal() async throws {
        let observation = try await shell("kill -KILL $$")
        #expect(observation == Observation(status: .unknown, message: "plugin killed by signal 9 (SIGKILL)"))
    }

    @Test func messageLeavesOutThePerformanceData() async throws {
        let observation = try await shell("echo 'APP OK - 3 queues | depth=12;100;200;0 age=1.5s'; echo 'long text'")
        #expect(observation == Observation(status: .healthy, message: "APP OK - 3 queues", metrics: ["depth": 12, "age": 1.5],
                                           units: ["age": "s"]))
    }

    @Test func emptyStdoutFallsBackToTheFirstStderrLine() async throws {
        let observation = try await shell("echo 'no route to host' >&2; echo 'second' >&2; exit 2")
        #expect(observation == Observation(status: .critical, message: "no route to host"))
    }

    @Test func noOutputAtAllSaysSo() async throws {
        let observation = try await shell("exit 1")
        #expect(observation == Observation(status: .warning, message: "(no output)"))
    }

    @Test func configuredEnvironmentReachesThePlugin() async throws {
        let observation = try await observe(["/bin/sh", "-c", "echo \"OK $GREETING ${HOME:-unset}\""], environment: ["GREETING": "hello"])
        #expect(observation.message == "OK hello unset")
    }

    @Test func timeoutThrowsAndKillsTheGroup() async throws {
        let probe = CommandProbe(settings: CommandCheckSettings(argv: ["/bin/sleep", "60"]), killGrace: .milliseconds(200))
        let started = ContinuousClock.now
        await #expect(throws: ProbeError("timed out after 500ms; process group killed")) {
            try await probe.observe(until: started + .milliseconds(500))
        }
        // Far below the 60 s the plugin wanted; the slack is for a busy two-core machine.
        #expect(ContinuousClock.now - started < .milliseconds(700) + .seconds(3))
    }

    @Test func spawnFailureThrowsTheReason() async throws {
        await #expect(throws: ProbeError("cannot run /nonexistent/check_vigil: No such file or directory")) {
            try await observe(["/nonexistent/check_vigil"])
        }
    }

    @Test func checkDiskOnRootIsPlausible() async throws {
        let observation = try await observe(["\(Self.plugins)/check_disk", "-w", "10%", "-c", "5%", "-p", "/"])
        #expect([Status.healthy, .warning, .critical].contains(observation.status))
        #expect(observation.message.hasPrefix("DISK "))
        #expect(!observation.message.contains("|"))
        let used = try #require(observation.metrics["/"])
        #expect(used > 0)
    }

    @Test func checkDiskWarnsAboveTheFreeSpace() async throws {
        // Warn below 99.9 % free, critical below 0.001 %: any real root is between.
        let observation = try await observe(["\(Self.plugins)/check_disk", "-w", "99.9%", "-c", "0.001%", "-p", "/"])
        #expect(observation.status == .warning)
        #expect(observation.message.hasPrefix("DISK WARNING"))
        #expect(observation.metrics["/"] != nil)
    }

    @Test func checkDiskCriticalAtAFullThreshold() async throws {
        let observation = try await observe(["\(Self.plugins)/check_disk", "-w", "100%", "-c", "100%", "-p", "/"])
        #expect(observation.status == .critical)
        #expect(observation.message.hasPrefix("DISK CRITICAL"))
    }

    @Test func checkTCPOnAClosedPortIsCritical() async throws {
        let port = try LoopbackPort.free()
        let observation = try await observe(["\(Self.plugins)/check_tcp", "-H", "127.0.0.1", "-p", String(port), "-t", "5"])
        #expect(observation.status == .critical)
        #expect(observation.message.contains("Connection refused"))
    }
}
