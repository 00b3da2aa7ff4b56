import CSystemd
import Glibc

/// Tells the service manager how Vigil is doing (sd_notify(3)): ready, status line, watchdog
/// pings, reloading, stopping.
///
/// Outside systemd (no `NOTIFY_SOCKET`) every call is a no-op, so `vigil run` works on a terminal.
public struct ServiceNotifier: Sendable {
    public init() {}

    /// Whether a service manager listens; read on each call, since the environment can change.
    public var isConnected: Bool {
        getenv("NOTIFY_SOCKET") != nil
    }

    /// Start-up finished: config loaded, signal handlers installed, timers armed.
    public func ready(status: String? = nil) {
        notify([("READY", "1")] + (status.map { [("STATUS", $0)] } ?? []))
    }

    /// The one line `systemctl status` shows.
    public func status(_ line: String) {
        notify([("STATUS", line)])
    }

    /// "Still making progress"; systemd kills the service when these stop for WatchdogSec.
    public func watchdog() {
        notify([("WATCHDOG", "1")])
    }

    /// A reload began; `MONOTONIC_USEC` lets systemd tell this reload from an earlier one.
    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
        notify([("RELOADING", "1"), ("MONOTONIC_USEC", String(microseconds))])
    }

    public func stopping() {
        notify([("STOPPING", "1")])
    }

    /// Sends the assignments in one datagram; a newline inside a value would start a bogus
    /// assignment, so it becomes a space.
    public func notify(_ assignments: [(String, String)]) {
        guard !assignments.isEmpty else { return }
        let state = assignments
            .map { $0.0 + "=" + $0.1.map { $0.isNewline ? " " : String($0) }.joined() }
            .joined(separator: "\n")
        _ = sd_notify(0, state)
    }

    /// The watchdog period if systemd expects pings from this process: `WATCHDOG_USEC` set and
    /// `WATCHDOG_PID`, when present, naming this very process (sd_watchdog_enabled(3)).
    public static func watchdogInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds))
    }
}
