import Foundation
import Glibc
import Testing
import VigilTestSupport

/// `vigil run` against a notify socket the test binds, as systemd would hand it one.
@Suite("vigil run: the notify protocol", .serialized)
struct NotifyProtocolTests {
    @Test("READY=1 comes after the config is loaded, with STATUS naming every check; only STATUS precedes it")
    func readyAfterConfigLoaded() throws {
        let body = TestConfig.memory(TestConfig.uniqueName("ready_memory"))
            + TestConfig.disk(TestConfig.uniqueName("ready_disk"))
            + TestConfig.dummy(TestConfig.uniqueName("ready_dummy"), code: 0)
        let daemon = try DaemonProcess(body: body)
        let ready = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let status = try #require(ready.fields["STATUS"], "READY=1 without STATUS: \(ready)")
        #expect(status.contains(" · 3 checks · "), "\(status)")
        let before = daemon.notify.datagrams.prefix(while: { !$0.has("READY", "1") })
        #expect(before.allSatisfy { Array($0.fields.keys) == ["STATUS"] }, "\(before)")
        #expect(daemon.process.waitForOutput(containing: "started: 1 file, 3 checks"), "\(daemon.output)")
    }

    @Test("An invalid config: exit 65, the error on stderr, and never READY=1")
    func noReadyForInvalidConfig() throws {
        let daemon = try DaemonProcess(body: TestConfig.memory(TestConfig.uniqueName("bad"), interval: "1s", timeout: "1s"))
        let status = try #require(daemon.process.waitForExit(timeout: .seconds(10)), "still running: \(daemon.output)")
        #expect(BackgroundProcess.exitCode(fromWaitStatus: status) == 65)
        #expect(daemon.output.contains("timeout: must be shorter than interval"), "\(daemon.output)")
        pause(.milliseconds(300))
        #expect(!daemon.notify.datagrams.contains { $0.has("READY", "1") }, "\(daemon.notify.datagrams)")
    }

    @Test("STATUS= is one line of overall status and counts once the checks ran, and is not re-sent while nothing changes",
          arguments: [([0, 0], "HEALTHY · 3 checks · 0 warning · 0 critical"),
                      ([1, 2], "CRITICAL · 3 checks · 1 warning · 1 critical")])
    func statusLine(codes: [Int], expected: String) throws {
        // No incidents: one opening would rightly change the line ("· 1 incident open") mid-test.
        let body = TestConfig.memory(TestConfig.uniqueName("status_memory"))
            + codes.map { TestConfig.dummy(TestConfig.uniqueName("status_dummy"), code: $0, incident: "never") }.joined()
        let daemon = try DaemonProcess(body: body)
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let settled = try #require(daemon.notify.first { $0.fields["STATUS"] == expected },
                                   "no STATUS=\(expected) among \(daemon.notify.datagrams); output: \(daemon.output)")
        // Three checks every second: a STATUS per run would send about eight in 2.5 s.
        pause(.milliseconds(2500))
        let later = daemon.notify.datagrams.dropFirst(settled.index + 1).filter { $0.fields["STATUS"] != nil }
        #expect(later.isEmpty, "STATUS re-sent without a change: \(later)")
    }

    @Test("WATCHDOG_USEC without WATCHDOG_PID (any process): WATCHDOG=1 about twice a second")
    func watchdogCadence() throws {
        let daemon = try DaemonProcess(body: TestConfig.memory(TestConfig.uniqueName("watchdog")),
                                       environment: ["WATCHDOG_USEC": "1000000"])
        let ready = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let window = ready.arrival..<(ready.arrival + .seconds(3))
        pause(.milliseconds(3300))
        let pings = daemon.notify.arrived(in: window).filter { $0.has("WATCHDOG", "1") }
        print("watchdog: \(pings.count) pings in 3 s with WATCHDOG_USEC=1000000")
        #expect((3...12).contains(pings.count), "\(pings.count) pings in 3 s")
    }

    @Test("WATCHDOG_PID naming the daemon itself: it pings")
    func watchdogForOwnPid() throws {
        // The daemon's pid is only known once it runs: a shell exports its own pid, then becomes vigil.
        let daemon = try DaemonProcess(body: TestConfig.memory(TestConfig.uniqueName("watchdog_pid")),
                                       environment: ["WATCHDOG_USEC": "1000000"],
                                       launcher: ["/bin/sh", "-c", "export WATCHDOG_PID=$$; exec \"$@\"", "sh"])
        let ready = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        pause(.seconds(2))
        let pings = daemon.notify.arrived(in: ready.arrival..<(ready.arrival + .seconds(2))).filter { $0.has("WATCHDOG", "1") }
        #expect(pings.count >= 2, "\(pings.count) pings in 2 s")
    }

    @Test("WATCHDOG_PID naming another process: the watchdog is not for the daemon, no pings")
    func watchdogForAnotherPid() throws {
        let daemon = try DaemonProcess(body: TestConfig.memory(TestConfig.uniqueName("watchdog_other")),
                                       environment: ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": String(getpid())])
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        pause(.seconds(2))
        let pings = daemon.notify.datagrams.filter { $0.has("WATCHDOG", "1") }
        #expect(pings.isEmpty, "\(pings.count) pings meant for pid \(getpid())")
    }

    @Test("A wedged decision loop stops pinging the watchdog")
    func wedgedLoopStopsPinging() throws {
        let daemon = try DaemonProcess(body: TestConfig.memory(TestConfig.uniqueName("wedge")),
                                       arguments: ["--debug-wedge-loop-after", "1500ms"],
                                       environment: ["WATCHDOG_USEC": "1000000"])
        let ready = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        // The wedge starts 1.5 s after READY; a second of margin, then three watchdog periods of silence.
        pause(.milliseconds(5700))
        let pings = daemon.notify.datagrams.filter { $0.has("WATCHDOG", "1") }
        let beforeWedge = pings.filter { $0.arrival < ready.arrival + .milliseconds(1500) }
        let afterWedge = pings.filter { $0.arrival >= ready.arrival + .milliseconds(2500) }
        #expect(beforeWedge.count >= 2, "only \(beforeWedge.count) pings before the wedge")
        #expect(afterWedge.isEmpty, "\(afterWedge.count) pings after the wedge")
        #expect(daemon.isRunning, "the wedged daemon exited: \(daemon.output)")
        #expect(daemon.output.contains("wedging the decision loop"), "\(daemon.output)")
    }

    @Test("SIGHUP: RELOADING=1 with MONOTONIC_USEC on the monotonic clock, then READY=1")
    func reloadNotifications() throws {
        let daemon = try DaemonProcess(body: TestConfig.memory(TestConfig.uniqueName("hup")))
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let mark = daemon.notify.datagrams.count
        let sentAt = monotonicMicroseconds()
        let sent = ContinuousClock.now
        daemon.process.signal(SIGHUP)
        let reloading = try #require(daemon.notify.first(from: mark, timeout: .seconds(10)) { $0.has("RELOADING", "1") },
                                     "no RELOADING=1: \(daemon.notify.datagrams.dropFirst(mark))")
        let stamp = try #require(reloading.datagram.fields["MONOTONIC_USEC"].flatMap(UInt64.init), "\(reloading.datagram)")
        #expect(stamp >= sentAt && stamp <= monotonicMicroseconds(), "MONOTONIC_USEC=\(stamp), signal sent at \(sentAt)")
        let ready = try #require(daemon.notify.first(from: reloading.index + 1, timeout: .seconds(10)) { $0.has("READY", "1") },
                                 "no READY=1 after RELOADING=1")
        print("reload: READY=1 \(sent.duration(to: ready.datagram.arrival)) after SIGHUP")
        #expect(daemon.isRunning)
    }

    @Test("SIGTERM and SIGINT: STOPPING=1 and exit 0 within 5 s", arguments: [SIGTERM, SIGINT])
    func stop(signal: Int32) throws {
        let daemon = try DaemonProcess(body: TestConfig.memory(TestConfig.uniqueName("stop")))
        _ = try #require(daemon.waitForReady(), "no READY=1; output: \(daemon.output)")
        let mark = daemon.notify.datagrams.count
        daemon.process.signal(signal)
        let status = try #require(daemon.process.waitForExit(timeout: .seconds(5)), "still running 5 s after signal \(signal)")
        #expect(BackgroundProcess.exitCode(fromWaitStatus: status) == 0, "wait status \(status)")
        #expect(daemon.notify.first(from: mark, timeout: .seconds(1)) { $0.has("STOPPING", "1") } != nil,
                "\(daemon.notify.datagrams.dropFirst(mark))")
        #expect(daemon.process.waitForOutput(containing: "vigil stopping on SIG", timeout: .seconds(2)), "\(daemon.output)")
    }
}

/// CLOCK_MONOTONIC in microseconds, the clock of sd_notify's MONOTONIC_USEC.
func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}
