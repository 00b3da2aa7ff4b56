import Foundation
import Glibc
import VigilCore
import VigilTestSupport

/// What the end-to-end notification tests share: a check that fails while a file is missing,
/// notifier tables, and reading back what a daemon journaled about one incident.
enum NotificationScenario {
    /// check_file_age at `severity`: CRITICAL (exit 2) while `path` is missing, OK once a fresh file is there.
    static func fileCheck(_ name: String, path: String, severity: String = "P1") -> String {
        TestConfig.check(name, kind: "command", interval: "1s", timeout: "900ms",
                         extra: ["argv = [\"/usr/lib/nagios/plugins/check_file_age\", \"-f\", \(TestConfig.quoted(path)), \"-w\", \"3600\", \"-c\", \"7200\"]",
                                 "severity = \(TestConfig.quoted(severity))"])
    }

    /// `[escalation.PN]` with a path of roles and auto actions.
    static func escalation(_ severity: String, respondWithin: String, path: [String], autoActions: [String] = [],
                           updateEvery: String? = nil) -> String {
        "[escalation.\(severity)]\nrespond_within = \(TestConfig.quoted(respondWithin))\n"
            + "path = \(list(path))\nauto_actions = \(list(autoActions))\n"
            + (updateEvery.map { "update_every = \(TestConfig.quoted($0))\n" } ?? "")
    }

    static func role(_ name: String, notify: [String]) -> String {
        "[role.\(name)]\nnotify = \(list(notify))\n"
    }

    /// A command notifier that files each notification in `folder`: stdin as `<id>.in`, its
    /// environment as `<id>.env` (renamed into place last, so a test that sees it sees both whole).
    static func filingNotifier(_ name: String, folder: String) -> String {
        let script = #"cat > "$1/$VIGIL_NOTIFICATION_ID.in" && env > "$1/.$VIGIL_NOTIFICATION_ID.env" && mv "$1/.$VIGIL_NOTIFICATION_ID.env" "$1/$VIGIL_NOTIFICATION_ID.env""#
        return "[notifier.\(name)]\nkind = \"command\"\nargv = \(list(["/bin/sh", "-c", script, "sh", folder]))\n"
    }

    static func webhook(_ name: String, url: String, secretFile: String? = nil, timeout: String = "5s",
                        attempts: Int = 5, backoff: String = "100ms", backoffMax: String = "1s") -> String {
        "[notifier.\(name)]\nkind = \"webhook\"\nurl = \(TestConfig.quoted(url))\ntimeout = \(TestConfig.quoted(timeout))\n"
            + (secretFile.map { "secret_file = \(TestConfig.quoted($0))\n" } ?? "")
            + "retry = { attempts = \(attempts), backoff = \(TestConfig.quoted(backoff)), backoff_max = \(TestConfig.quoted(backoffMax)) }\n"
    }

    static func list(_ items: [String]) -> String {
        "[" + items.map(TestConfig.quoted).joined(separator: ", ") + "]"
    }

    /// The id of the incident `daemon` opened for `check`, once status.json lists it.
    static func incidentID(of check: String, openedBy daemon: DaemonProcess) -> String? {
        IncidentDeskTests.incidents(writtenBy: daemon, timeout: .seconds(30)) { $0.contains { $0.checks.contains(check) } }?
            .first { $0.checks.contains(check) }?.id
    }

    /// The journal entries of `kind` that `daemon` wrote about incident `id` (ids restart at 0001 in
    /// each state directory and test daemons share the journal, hence the pid).
    static func journaled(_ kind: EventKind, incident id: String, by daemon: DaemonProcess, extra: [String] = [],
                          count: Int = 1) throws -> [[String: String]] {
        try JournalReader.entries(matching: ["MESSAGE_ID=\(kind.messageID)", "INCIDENT_ID=\(id)", "_PID=\(daemon.process.pid)"] + extra,
                                  count: count, timeout: .seconds(30))
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passed; whether it held.
    static func eventually(timeout: Duration = .seconds(30), _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            usleep(50_000)
        }
    }

    /// The ids of the notifications waiting in `<state_dir>/outbox` (decoded from the files).
    static func outboxIDs(in stateDirectory: String) throws -> Set<String> {
        let folder = stateDirectory + "/outbox"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return Set(try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { name in
            try JSONDecoder().decode(OutboxEntry.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))).id
        })
    }
}
