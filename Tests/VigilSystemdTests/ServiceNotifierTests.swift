import Glibc
import Testing
import VigilSystemd
import VigilTestSupport

/// sd_notify reads `NOTIFY_SOCKET` and `WATCHDOG_*` from the process environment, so these tests
/// set them, one at a time, and put them back.
@Suite(.serialized) struct ServiceNotifierTests {
    private func withEnvironment<T>(_ values: [String: String?], _ body: () throws -> T) rethrows -> T {
        let saved = values.keys.map { ($0, getenv($0).map { String(cString: $0) }) }
        func apply(_ name: String, _ value: String?) {
            if let value { setenv(name, value, 1) } else { unsetenv(name) }
        }
        values.forEach(apply)
        defer { saved.forEach(apply) }
        return try body()
    }

    /// Runs `body` with a bound notify socket in `NOTIFY_SOCKET`, returning the datagrams it got.
    private func datagrams(_ body: (ServiceNotifier) -> Void) throws -> [String] {
        let listener = try NotifySocketListener()
        withEnvironment(["NOTIFY_SOCKET": listener.path]) {
            let notifier = ServiceNotifier()
            #expect(notifier.isConnected)
            body(notifier)
        }
        return listener.receiveAll()
    }

    @Test func readyCarriesTheStatusInTheSameDatagram() throws {
        #expect(try datagrams { $0.ready(status: "HEALTHY · 6 checks · 0 warning · 0 critical") }
            == ["READY=1\nSTATUS=HEALTHY · 6 checks · 0 warning · 0 critical"])
        #expect(try datagrams { $0.ready() } == ["READY=1"])
    }

    @Test func eachNotificationIsOneDatagram() throws {
        let sent = try datagrams { notifier in
            notifier.status("WARNING · 6 checks · 1 warning · 0 critical")
            notifier.watchdog()
            notifier.stopping()
            notifier.notify([("ERRNO", "5"), ("STATUS", "failed")])
        }
        #expect(sent == ["STATUS=WARNING · 6 checks · 1 warning · 0 critical", "WATCHDOG=1", "STOPPING=1",
                         "ERRNO=5\nSTATUS=failed"])
    }

    @Test func reloadingCarriesTheMonotonicClock() throws {
        func monotonicMicroseconds() -> UInt64 {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
        }
        let before = monotonicMicroseconds()
        let sent = try datagrams { $0.reloading() }
        let after = monotonicMicroseconds()
        let lines = try #require(sent.first).split(separator: "\n")
        #expect(sent.count == 1)
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
        #expect((before...after).contains(stamp))
    }

    @Test func aNewlineInAValueCannotAddAnAssignment() throws {
        #expect(try datagrams { $0.status("reload rejected: bad\nREADY=1") } == ["STATUS=reload rejected: bad READY=1"])
    }

    @Test func withoutANotifySocketNothingIsSent() throws {
        let listener = try NotifySocketListener()
        withEnvironment(["NOTIFY_SOCKET": nil]) {
            let notifier = ServiceNotifier()
            #expect(!notifier.isConnected)
            notifier.ready(status: "HEALTHY")
            notifier.watchdog()
        }
        #expect(listener.receiveAll().isEmpty)
    }

    @Test func theWatchdogIntervalIsReadWhenItIsMeantForThisProcess() {
        withEnvironment(["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": String(getpid())]) {
            #expect(ServiceNotifier.watchdogInterval() == .seconds(4))
        }
        withEnvironment(["WATCHDOG_USEC": "1500000", "WATCHDOG_PID": nil]) {
            #expect(ServiceNotifier.watchdogInterval() == .milliseconds(1500))
        }
    }

    @Test func noWatchdogForAnotherProcessOrWithoutOne() {
        withEnvironment(["WATCHDOG_USEC": "4000000", "WATCHDOG_PID": String(getppid())]) {
            #expect(ServiceNotifier.watchdogInterval() == nil)
        }
        withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
            #expect(ServiceNotifier.watchdogInterval() == nil)
        }
        withEnvironment(["WATCHDOG_USEC": "0", "WATCHDOG_PID": nil]) {
            #expect(ServiceNotifier.watchdogInterval() == nil)
        }
    }
}
