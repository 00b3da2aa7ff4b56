import CSystemd
import Glibc

extension BusConnection {
    /// Asks the manager for a unit job (`RestartUnit`, `StopUnit`, `StartUnit`, mode `replace`)
    /// and waits for it to finish, as `systemctl` does: the job's result as systemd names it
    /// (`done`, `failed`, `timeout`, `canceled`, `dependency`, `skipped`).
    func runJob(_ method: String, unit: String, deadline: ContinuousClock.Instant) throws(BusFailure) -> String {
        try waitUntilReady(deadline: deadline)
        // The match and Subscribe come first, so the job cannot end unseen.
        let finished = FinishedJobs()
        let slot = try finished.watch(self)
        // The callback holds `finished` unretained: it must outlive the match.
        defer { withExtendedLifetime(finished) { _ = sd_bus_slot_unref(slot) } }
        _ = try callManager("Subscribe", arguments: [], what: "Subscribe", deadline: deadline)
        let what = "\(method)(\(unit))"
        let reply = try callManager(method, arguments: [unit, "replace"], what: what, deadline: deadline)
        guard let job = reply.readString("o") else { throw failure(what + " reply", -EBADMSG) }
        return try waitForJob(job, in: finished, deadline: deadline)
    }

    /// Dispatches incoming messages (the match callback fills `finished`) until the job's
    /// `JobRemoved` has been seen or the deadline passes.
    private func waitForJob(_ job: String, in finished: FinishedJobs,
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
