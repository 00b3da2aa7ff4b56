import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// A real daemon's incident posted to the real loopback receiver: retried with the same key until
/// it is accepted, signed; and given up, which the timeline says and which escalates at once.
@Suite("vigil run: webhook notifiers", .serialized)
struct WebhookNotifierDaemonTests {
    @Test("a receiver failing twice then accepting: one delivery accepted, one key, signed; failed then recovered in the journal")
    func retriedUntilAccepted() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let receiver = try WebhookReceiver(statuses: [500, 500, 200], secret: "hook-secret-1")
        let secretFile = try directory.write("hook.secret", "hook-secret-1\n", mode: 0o600)
        let check = TestConfig.uniqueName("hooked")
        let body = NotificationScenario.fileCheck(check, path: directory.file("missing"))
            + NotificationScenario.escalation("P1", respondWithin: "1h", path: ["oncall"])
            + NotificationScenario.role("oncall", notify: ["pager"])
            + NotificationScenario.webhook("pager", url: receiver.url(), secretFile: secretFile)
        let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let id = try #require(NotificationScenario.incidentID(of: check, openedBy: daemon), "no incident; output: \(daemon.output)")

        let recovered = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.notifierRecovered.messageID)",
                                                                          "NOTIFIER=pager", "_PID=\(daemon.process.pid)"],
                                                               timeout: .seconds(30)).first)
        #expect(recovered["FAILURES"] == "2", "\(recovered)")
        let requests = try receiver.requests()
        #expect(requests.count == 3, "two failures and one acceptance: \(requests.map(\.status))")
        #expect(requests.map(\.status) == [500, 500, 200])
        #expect(requests.filter { $0.status == 200 }.count == 1, "exactly one delivery accepted")
        let keys = Set(requests.map { $0.headers["idempotency-key"] })
        #expect(keys.count == 1 && keys.first??.hasPrefix(id) == true, "one key on every try: \(keys)")
        #expect(requests.allSatisfy { $0.signature_valid == true }, "every try signed with the secret from the file")
        let last = try #require(requests.last)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(last.body.utf8)) as? [String: Any])
        #expect(payload["id"] as? String == id)
        #expect(payload["event"] as? String == "opened")
        #expect(payload["role"] as? String == "oncall")
        #expect(payload["notificationId"] as? String == keys.first ?? nil)

        let failed = try NotificationScenario.journaled(.notificationFailed, incident: id, by: daemon, extra: ["NOTIFIER=pager"])
        #expect(failed.count == 1, "the second failure of the streak is not said again: \(failed.map { $0["MESSAGE"] })")
        #expect(failed.first?["REASON"]?.hasPrefix("HTTP 500") == true, "\(failed)")
        #expect(failed.first?["NOTIFICATION_ID"] == keys.first ?? nil)
        let failedAt = try #require(failed.first?["__REALTIME_TIMESTAMP"].flatMap { UInt64($0) })
        let recoveredAt = try #require(recovered["__REALTIME_TIMESTAMP"].flatMap { UInt64($0) })
        #expect(failedAt <= recoveredAt, "notification-failed comes before notifier-recovered")
        #expect(NotificationScenario.eventually { daemon.document?.notifications.pending == 0 }, "the outbox empties")
        #expect(try NotificationScenario.outboxIDs(in: directory.file("state")).isEmpty)
        #expect(daemon.terminate() == 0)
    }

    @Test("a notifier that gives up: the timeline says so, the next level is notified at once, the give-up is journaled")
    func gaveUpEscalatesAtOnce() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let receiver = try WebhookReceiver(statuses: [500])
        let check = TestConfig.uniqueName("unreached")
        // respond_within is an hour: only the give-up can call the lead within this test.
        let body = NotificationScenario.fileCheck(check, path: directory.file("missing"))
            + NotificationScenario.escalation("P1", respondWithin: "1h", path: ["oncall", "lead"])
            + NotificationScenario.role("oncall", notify: ["pager"]) + NotificationScenario.role("lead", notify: ["lead-journal"])
            + NotificationScenario.webhook("pager", url: receiver.url(), attempts: 2)
            + "[notifier.lead-journal]\nkind = \"journal\"\n"
        let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let id = try #require(NotificationScenario.incidentID(of: check, openedBy: daemon), "no incident; output: \(daemon.output)")

        let gaveUp = try #require(try NotificationScenario.journaled(.notificationGaveUp, incident: id, by: daemon).first)
        #expect(gaveUp["NOTIFIER"] == "pager")
        #expect(gaveUp["ROLE"] == "oncall")
        #expect(gaveUp["ATTEMPTS"] == "2")
        #expect(gaveUp["REASON"]?.contains("HTTP 500") == true, "\(gaveUp)")
        #expect(try receiver.requests().count == 2, "two attempts, then no more")

        let escalated = try #require(try NotificationScenario.journaled(.incidentEscalated, incident: id, by: daemon).first)
        #expect(escalated["MESSAGE"]?.contains("lead") == true, "\(escalated)")
        let told = try #require(try NotificationScenario.journaled(.notificationJournaled, incident: id, by: daemon,
                                                                  extra: ["ROLE=lead"]).first)
        #expect(told["NOTIFICATION_EVENT"] == "escalated")
        #expect(told["NOTIFIER"] == "lead-journal")

        let shown = try VigilInvocation.run(["incident", id, "--config", daemon.configPath])
        #expect(shown.status == 0, "\(shown)")
        let lines = shown.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("pager gave up on the opened notification for oncall") && $0.contains("HTTP 500") },
                "\(shown.standardOutput)")
        #expect(lines.contains { $0.contains("oncall could not be reached: escalated to lead (level 2)") }, "\(shown.standardOutput)")
        #expect(daemon.terminate() == 0)
    }

    @Test("a reload that points the notifier at a healthy receiver delivers what waited, under its key")
    func reloadDeliversWhatWaited() throws {
        let directory = try ScratchDirectory()
        let refusing = try WebhookReceiver(statuses: [503])
        let accepting = try WebhookReceiver(statuses: [200])
        let check = TestConfig.uniqueName("rerouted")
        let body = { (url: String) in
            NotificationScenario.fileCheck(check, path: directory.file("missing"))
                + NotificationScenario.escalation("P1", respondWithin: "1h", path: ["oncall"])
                + NotificationScenario.role("oncall", notify: ["pager"])
                + NotificationScenario.webhook("pager", url: url, attempts: 1000, backoff: "100ms", backoffMax: "300ms")
        }
        let daemon = try DaemonProcess(body: body(refusing.url()), directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        #expect(NotificationScenario.eventually { daemon.document?.notifications.oldestLastError?.hasPrefix("HTTP 503") == true },
                "the notification waits: \(String(describing: daemon.document?.notifications))")
        let waiting = try NotificationScenario.outboxIDs(in: directory.file("state"))
        #expect(waiting.count == 1)

        try daemon.rewriteConfig(body: body(accepting.url()))
        let mark = daemon.notify.datagrams.count
        daemon.process.signal(SIGHUP)
        _ = try #require(daemon.notify.first(from: mark) { $0.has("READY", "1") }, "no READY=1 after SIGHUP")
        #expect(NotificationScenario.eventually { daemon.document?.notifications.pending == 0 },
                "delivered after the reload: \(String(describing: daemon.document?.notifications))")
        #expect(Set(try accepting.requests().compactMap { $0.headers["idempotency-key"] }) == waiting)
        #expect(daemon.terminate() == 0)
    }

    @Test("a notifier gone from the config at a restart gives up what it left waiting: on the timeline, and the next level told at once")
    func notifierGoneAtRestartEscalates() throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let refusing = try WebhookReceiver(statuses: [503])
        let check = TestConfig.uniqueName("orphaned")
        let common = NotificationScenario.fileCheck(check, path: directory.file("missing"))
            + NotificationScenario.escalation("P1", respondWithin: "1h", path: ["oncall", "lead"])
            + NotificationScenario.role("lead", notify: ["lead-journal"]) + "[notifier.lead-journal]\nkind = \"journal\"\n"
        var daemon = try DaemonProcess(body: common + NotificationScenario.role("oncall", notify: ["pager"])
                                           + NotificationScenario.webhook("pager", url: refusing.url(), attempts: 1000),
                                       logTarget: "journal", directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let id = try #require(NotificationScenario.incidentID(of: check, openedBy: daemon), "no incident; output: \(daemon.output)")
        #expect(NotificationScenario.eventually { daemon.document?.notifications.oldestLastError?.hasPrefix("HTTP 503") == true })
        #expect(daemon.terminate() == 0)
        #expect(try NotificationScenario.outboxIDs(in: directory.file("state")).count == 1, "the notification waits on disk")

        // The pager is gone: oncall is left to the journal.
        daemon = try DaemonProcess(body: common + NotificationScenario.role("oncall", notify: []), logTarget: "journal",
                                   directory: directory)
        _ = try #require(daemon.waitForReady(), "no READY=1 after the restart; output: \(daemon.output)")
        let gaveUp = try #require(try NotificationScenario.journaled(.notificationGaveUp, incident: id, by: daemon).first)
        #expect(gaveUp["REASON"]?.contains("notifier pager is no longer in the configuration") == true, "\(gaveUp)")
        let told = try NotificationScenario.journaled(.notificationJournaled, incident: id, by: daemon, extra: ["ROLE=lead"])
        #expect(told.first?["NOTIFICATION_EVENT"] == "escalated")
        let shown = try VigilInvocation.run(["incident", id, "--config", daemon.configPath])
        #expect(shown.standardOutput.contains("pager gave up on the opened notification for oncall"), "\(shown.standardOutput)")
        #expect(shown.standardOutput.contains("oncall could not be reached: escalated to lead (level 2)"), "\(shown.standardOutput)")
        #expect(try NotificationScenario.outboxIDs(in: directory.file("state")).isEmpty)
        #expect(daemon.terminate() == 0)
    }
}
