import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// The daemon under a notification storm it cannot get out: 100 checks fail at once, each opens an
/// incident whose escalation notifies a webhook that accepts the connection and never answers.
/// Sending stays off the decision loop, so the loop keeps its schedule and keeps pinging the watchdog.
@Suite("vigil run: a hanging webhook and 100 failing checks", .serialized)
struct HangingWebhookFloodTests {
    static let checkCount = 100
    static let watchdogMicroseconds = 1_000_000

    /// A loopback TCP server that accepts every connection, holds it open and never says a word;
    /// prints its port, then `accepted` for each connection.
    static let silentServer = """
        import socket
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen(512)
        print(server.getsockname()[1], flush=True)
        held = []
        while True:
            connection, _ = server.accept()
            held.append(connection)
            print("accepted", flush=True)
        """

    /// 100 `disk` checks that can never pass (`/` is never 99.99 % free), P1, each opening its own
    /// incident; P1's path is one role reached by the hanging webhook, retried every second.
    static func config(port: Int, names: [String]) -> String {
        names.map { name in
            TestConfig.check(name, kind: "disk", interval: "1s", timeout: "500ms",
                             extra: ["path = \"/\"", "critical = { free_percent = 99.99 }", "severity = \"P1\""])
        }.joined(separator: "\n") + """

            [escalation.P1]
            respond_within = "1h"
            path = ["responder"]

            [role.responder]
            notify = ["hook"]

            [notifier.hook]
            kind = "webhook"
            url = "http://127.0.0.1:\(port)/hook"
            timeout = "2s"
            retry = { attempts = 1000, backoff = "1s", backoff_max = "1s" }

            """
    }

    /// How often each of `names` finished, from the console's debug `check finished [… CHECK=name …]` lines.
    static func runs(in printed: String, of names: Set<String>) -> [String: Int] {
        var runs: [String: Int] = [:]
        for line in printed.split(separator: "\n") where line.contains(" check finished [") {
            guard let field = line.split(separator: " ").first(where: { $0.hasPrefix("CHECK=") }) else { continue }
            let name = String(field.dropFirst("CHECK=".count))
            if names.contains(name) { runs[name, default: 0] += 1 }
        }
        return runs
    }

    @Test("the decision loop keeps running every check and pinging the watchdog; at most 3 deliveries hang at a time")
    func loopKeepsItsSchedule() throws {
        let server = try BackgroundProcess(["/usr/bin/python3", "-u", "-c", Self.silentServer])
        #expect(server.waitForOutput(containing: "\n"), "the server printed no port: \(server.printed)")
        let port = try #require(Int(server.printed.prefix(while: { $0 != "\n" })), "\(server.printed)")
        let prefix = TestConfig.uniqueName("flood")
        let names = (1...Self.checkCount).map { "\(prefix)_\($0)" }
        // At debug level the console says `check finished [… CHECK=name …]` for every run.
        let daemon = try DaemonProcess(body: Self.config(port: port, names: names), arguments: ["--log-level", "debug"],
                                       environment: ["WATCHDOG_USEC": String(Self.watchdogMicroseconds)])
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")

        // Every check failed and opened its incident, and their notifications wait behind the hanging ones.
        let flooded = daemon.waitForReport(timeout: .seconds(30)) { _ in
            guard let document = daemon.document else { return false }
            return document.incidents.count >= Self.checkCount && document.notifications.pending >= Self.checkCount - 3
        }
        let seen = "\(daemon.document?.incidents.count ?? 0) incidents, \(String(describing: daemon.document?.notifications))"
        let first = try #require(flooded, "no flood of incidents and pending notifications (\(seen)); output: \(daemon.output.suffix(2000))")
        #expect(first.checks.filter { names.contains($0.name) }.allSatisfy { $0.status == .critical })

        // A window of several watchdog periods and check intervals, sampled as it goes.
        let start = ContinuousClock.now
        let printedBefore = daemon.output.count
        var pending: [Int] = []
        var inFlight: [Int] = []
        while ContinuousClock.now < start + .seconds(6) {
            pause(.milliseconds(250))
            if let notifications = daemon.document?.notifications {
                pending.append(notifications.pending)
                inFlight.append(notifications.inFlight)
            }
        }
        let window = start..<ContinuousClock.now
        let runs = Self.runs(in: String(daemon.output.dropFirst(printedBefore)), of: Set(names))

        let pings = daemon.notify.arrived(in: window).filter { $0.has("WATCHDOG", "1") }
        let elapsed = window.lowerBound.duration(to: window.upperBound)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // The daemon pings at half WATCHDOG_USEC.
        let expected = seconds / (Double(Self.watchdogMicroseconds) / 2_000_000)
        let ratio = Double(pings.count) / expected
        // Every check is due every second.
        let expectedRuns = seconds * Double(names.count)
        let runRatio = Double(runs.values.reduce(0, +)) / expectedRuns
        let gaps = zip(pings.dropFirst(), pings).map { $0.arrival - $1.arrival }
        print("flood: \(pings.count) watchdog pings in \(String(format: "%.1f", seconds)) s (\(String(format: "%.2f", ratio)) of the expected "
              + "rate; longest gap \(gaps.max() ?? .zero)), \(runs.values.reduce(0, +)) check runs (\(String(format: "%.2f", runRatio)) of "
              + "the schedule's \(Int(expectedRuns))), pending "
              + "\(pending.min() ?? -1)…\(pending.max() ?? -1), in flight at most \(inFlight.max() ?? -1), "
              + "\(server.printed.components(separatedBy: "accepted").count - 1) connections held by the silent server")
        #expect(ratio >= 0.5, "\(pings.count) watchdog pings where \(expected) were due")
        #expect(runRatio >= 0.5, "\(runs.values.reduce(0, +)) check runs where \(expectedRuns) were due")
        #expect(Set(runs.keys) == Set(names), "checks that did not run again: \(Set(names).subtracting(runs.keys).sorted().prefix(5))")
        #expect(!pending.isEmpty && pending.allSatisfy { $0 >= Self.checkCount - 3 }, "pending: \(pending)")
        #expect(!inFlight.isEmpty && inFlight.allSatisfy { $0 <= 3 }, "in flight: \(inFlight)")
        #expect(inFlight.contains(3), "the hanging webhook never held 3 deliveries: \(inFlight)")
        #expect(server.printed.contains("accepted"), "the webhook was never reached: \(daemon.output.suffix(2000))")
        #expect(daemon.isRunning, "\(daemon.output.suffix(2000))")
        #expect(daemon.terminate(timeout: .seconds(10)) == 0, "\(daemon.output.suffix(2000))")
    }
}
