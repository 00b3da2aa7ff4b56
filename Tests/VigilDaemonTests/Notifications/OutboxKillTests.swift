import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// kill -9 of the real daemon while notifications wait in its outbox and while some are being
/// sent: after a restart every one of them is delivered, none lost, a duplicate only under its key.
@Suite("vigil run: the outbox under kill -9", .serialized)
struct OutboxKillTests {
    static func config(checks: [String], in directory: ScratchDirectory, url: String, timeout: String) -> String {
        checks.map { NotificationScenario.fileCheck($0, path: directory.file("missing")) }.joined()
            + NotificationScenario.escalation("P1", respondWithin: "1h", path: ["oncall"], autoActions: ["hook"])
            + NotificationScenario.role("oncall", notify: ["hook"])
            + NotificationScenario.webhook("hook", url: url, timeout: timeout, attempts: 1000, backoff: "100ms", backoffMax: "300ms")
    }

    static func kill9(_ daemon: DaemonProcess) {
        daemon.process.signal(SIGKILL)
        _ = daemon.process.waitForExit(timeout: .seconds(10))
    }

    @Test("waiting (receiver answering 503) and being sent (receiver hanging) at kill -9: all delivered after the restart")
    func nothingLostAcrossKills() throws {
        let directory = try ScratchDirectory()
        let checks = (1...3).map { _ in TestConfig.uniqueName("killed") }
        // Three incidents, each telling the hook as an auto action and for oncall: six notifications.
        let expected = 6

        // 1. The receiver answers 503: they pile up in the outbox; kill -9.
        let refusing = try WebhookReceiver(statuses: [503])
        var daemon = try DaemonProcess(body: Self.config(checks: checks, in: directory, url: refusing.url(), timeout: "5s"),
                                       directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        #expect(NotificationScenario.eventually { daemon.document?.notifications.pending == expected },
                "six notifications wait: \(String(describing: daemon.document?.notifications))")
        #expect(try NotificationScenario.eventually { Set(try refusing.requests().compactMap { $0.headers["idempotency-key"] }).count == expected },
                "each was tried at least once")
        let status = try VigilInvocation.run(["status", "--config", daemon.configPath])
        #expect(status.standardOutput.contains("notifications: \(expected) waiting"), "vigil status says what waits: \(status)")
        #expect(status.standardOutput.contains("HTTP 503"), "and why: \(status)")
        Self.kill9(daemon)
        var known = try NotificationScenario.outboxIDs(in: directory.file("state"))
        #expect(known.count == expected, "the outbox on disk holds all six: \(known)")
        known.formUnion(try refusing.requests().compactMap { $0.headers["idempotency-key"] })

        // 2. The receiver hangs: three sends under way (the most at once) at kill -9.
        let hanging = try WebhookReceiver(statuses: [200])
        daemon = try DaemonProcess(body: Self.config(checks: checks, in: directory, url: hanging.url("/silent"), timeout: "60s"),
                                   directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1 after the first kill; output: \(daemon.output)")
        #expect(try NotificationScenario.eventually { try hanging.requests().count == Outbox.defaultMaxInFlight },
                "three sends hang in the receiver")
        #expect(NotificationScenario.eventually { daemon.document?.notifications.inFlight == Outbox.defaultMaxInFlight })
        Self.kill9(daemon)
        let afterSecondKill = try NotificationScenario.outboxIDs(in: directory.file("state"))
        #expect(afterSecondKill == known, "the restart neither lost nor added a notification: \(afterSecondKill) vs \(known)")
        known.formUnion(afterSecondKill)
        known.formUnion(try hanging.requests().compactMap { $0.headers["idempotency-key"] })

        // 3. A healthy receiver: every notification is delivered.
        let accepting = try WebhookReceiver(statuses: [200])
        daemon = try DaemonProcess(body: Self.config(checks: checks, in: directory, url: accepting.url(), timeout: "5s"),
                                   directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1 after the second kill; output: \(daemon.output)")
        #expect(NotificationScenario.eventually { daemon.document?.daemon?.pid == daemon.process.pid
                    && daemon.document?.notifications.pending == 0 },
                "the outbox empties: \(String(describing: daemon.document?.notifications))")
        #expect(try NotificationScenario.outboxIDs(in: directory.file("state")).isEmpty)
        let accepted = try accepting.requests()
        let acceptedKeys = accepted.filter { $0.status == 200 }.compactMap { $0.headers["idempotency-key"] }
        #expect(Set(acceptedKeys) == known, "every notification known before the kills was accepted, and nothing else")
        for request in accepted {
            let payload = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
            #expect(payload?["notificationId"] as? String == request.headers["idempotency-key"],
                    "a duplicate is only ever the same notification under its key")
        }
        #expect(daemon.terminate() == 0)
    }
}
