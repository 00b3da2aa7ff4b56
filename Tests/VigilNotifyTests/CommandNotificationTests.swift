import Foundation
import Testing
import VigilCore
import VigilNotify

/// A command notifier really run: the rendered text on stdin, the incident in VIGIL_* variables
/// and nothing of this process's environment, a failing or hanging command failed with why.
@Suite struct CommandNotificationTests {
    let sender = NotificationSender(environment: ["PATH": "/usr/bin:/bin", "HOME": "/root", "VIGIL_TEST_LEAK": "secret"], hostName: "testhost")

    private func command(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:],
                         timeout: Duration = .seconds(30)) -> NotifierSettings {
        NotifierSettings(name: "script", kind: .command(argv: ["/bin/sh", "-c", script, "notify"] + arguments, environment: environment),
                         timeout: timeout)
    }

    @Test func receivesTheTextOnStdinAndTheIncidentInItsEnvironment() async throws {
        let scratch = try ScratchFolder()
        let delivery = NotificationSamples.delivery(.escalated, role: "dba", id: "ntf-42")
        let notifier = command(#"cat > "$1"; env > "$2""#, [scratch.file("stdin"), scratch.file("env")],
                               environment: ["PAGER_TOKEN_FILE": "/etc/vigil/pager"])
        let result = await sender.sendOffThePool(delivery, via: notifier)
        #expect(result == .delivered)
        #expect(try scratch.read("stdin") == "[P1] INC-20270115-0001 api down\n\napi_http: connection refused\npg_primary: connection refused\n")
        let variables = Dictionary(uniqueKeysWithValues: try scratch.read("env").split(separator: "\n").map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        })
        // sh adds PWD (and may add SHLVL, _) itself; everything else is what Vigil gave.
        let shellOwn: Set = ["PWD", "SHLVL", "_", "OLDPWD"]
        #expect(variables.filter { !shellOwn.contains($0.key) } == [
            "PAGER_TOKEN_FILE": "/etc/vigil/pager",
            "PATH": "/usr/bin:/bin",
            "VIGIL_INCIDENT_ID": "INC-20270115-0001",
            "VIGIL_SEVERITY": "P1",
            "VIGIL_STATUS": "open",
            "VIGIL_EVENT": "escalated",
            "VIGIL_ROLE": "dba",
            "VIGIL_CHECKS": "api_http pg_primary",
            "VIGIL_NOTIFICATION_ID": "ntf-42",
            "VIGIL_SUBJECT": "[P1] INC-20270115-0001 api down",
        ])
        // This test process has its own environment; none of it reaches the command.
        #expect(ProcessInfo.processInfo.environment["PATH"] != nil)
    }

    @Test func anAutoActionHasAnEmptyRole() async throws {
        let scratch = try ScratchFolder()
        let result = await sender.sendOffThePool(NotificationSamples.delivery(.resolved, role: nil),
                                                 via: command(#"printf '%s|%s' "${VIGIL_ROLE-unset}" "$VIGIL_EVENT" > "$1""#, [scratch.file("out")]))
        #expect(result == .delivered)
        #expect(try scratch.read("out") == "|resolved")
    }

    @Test func aFailingCommandIsFailedWithItsStatusAndStderr() async {
        let result = await sender.sendOffThePool(NotificationSamples.delivery(), via: command("cat > /dev/null; echo 'pager API refused' >&2; exit 3"))
        #expect(result == .failed(reason: "exited with code 3: pager API refused"))
    }

    @Test func aCommandKilledByASignalSaysSo() async {
        let result = await sender.sendOffThePool(NotificationSamples.delivery(), via: command("kill -KILL $$"))
        #expect(result == .failed(reason: "killed by signal 9 (SIGKILL)"))
    }

    @Test func aCommandThatIgnoresStdinAndSleepsIsEndedAtItsTimeout() async {
        let start = ContinuousClock.now
        let result = await sender.sendOffThePool(NotificationSamples.delivery(), via: command("echo stuck >&2; exec sleep 60", timeout: .seconds(1)))
        #expect(result == .failed(reason: "killed at its deadline (1s): stuck"))
        #expect(ContinuousClock.now - start >= .seconds(1))
    }

    @Test func aMissingProgramIsFailedNamingIt() async {
        let notifier = NotifierSettings(name: "gone", kind: .command(argv: ["/nonexistent/pager"], environment: [:]))
        let result = await sender.sendOffThePool(NotificationSamples.delivery(), via: notifier)
        #expect(result == .failed(reason: "cannot run /nonexistent/pager: No such file or directory"))
    }
}
