import CSystemd
import Glibc

/// Restarts a unit through systemd over D-Bus (`RestartUnit`, mode `replace`) and waits for its
/// job to finish, as `systemctl restart` does, but without a child process.
///
/// The calls block: run them off Swift's cooperative pool.
public struct UnitRestarter: Sendable {
    /// A D-Bus address (`unix:path=…`) to use instead of the system bus.
    public let busAddress: String?

    public init(busAddress: String? = nil) {
        self.busAddress = busAddress
    }

    /// The job's result as systemd names it: `done` when the unit restarted, else `failed`,
    /// `timeout`, `canceled`, `dependency` or `skipped`. Connecting, the calls and the wait for
    /// the job all end by `timeout`; a restart still running then is left to systemd and
    /// reported as an error.
    public func restart(_ unit: String, timeout: Duration) throws(UnitRestartError) -> String {
        let deadline = ContinuousClock.now + timeout
        do throws(BusFailure) {
            let bus = try BusConnection(address: busAddress)
            try bus.waitUntilReady(deadline: deadline)
            // The match and Subscribe come first, so the job cannot end unseen.
            let finished = FinishedJobs()
            let slot = try finished.watch(bus)
            // The callback holds `finished` unretained: it must outlive the match.
            defer { withExtendedLifetime(finished) { _ = sd_bus_slot_unref(slot) } }
            _ = try bus.callManager("Subscribe", arguments: [], what: "Subscribe", deadline: deadline)
            let what = "RestartUnit(\(unit))"
            let reply = try bus.callManager("RestartUnit", arguments: [unit, "replace"], what: what, deadline: deadline)
            guard let job = reply.readString("o") else { throw bus.failure(what + " reply", -EBADMSG) }
            return try bus.waitForJob(job, in: finished, deadline: deadline)
        } catch {
            throw UnitRestartError(error.description)
        }
    }
}

extension BusConnection {
    /// Dispatches incoming messages (the match callback fills `finished`) until the job's
    /// `JobRemoved` has been seen or the deadline passes.
    fileprivate func waitForJob(_ job: String, in finished: FinishedJobs,
                                deadline: ContinuousClock.Instant) throws(BusFailure) -> String {
        while true {
            if let result = finished.results[job] { return result }
            let processed = sd_bus_process(bus, nil)
            guard processed >= 0 else { throw failure("waiting for the job \(job)", processed) }
            if processed > 0 { continue }
            guard let left = Self.microseconds(until: deadline) else {
                throw BusFailure("timed out waiting for the job")
            }
            let waited = sd_bus_wait(bus, left)
            guard waited >= 0 || waited == -EINTR else { throw failure("waiting for the job \(job)", waited) }
        }
    }
}
