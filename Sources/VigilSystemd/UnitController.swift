/// Restarts, stops and starts units through systemd over D-Bus (`RestartUnit`, `StopUnit`,
/// `StartUnit`, mode `replace`) and waits for each job, as `systemctl` does, but without a child
/// process: a remediation's `restart_unit` step, and a restore's units.
///
/// The calls block: run them off Swift's cooperative pool.
public struct UnitController: Sendable {
    /// A D-Bus address (`unix:path=…`) to use instead of the system bus.
    public let busAddress: String?

    public init(busAddress: String? = nil) {
        self.busAddress = busAddress
    }

    /// The job's result as systemd names it: `done` when the unit restarted, else `failed`,
    /// `timeout`, `canceled`, `dependency` or `skipped`, for the caller to judge. Connecting, the
    /// calls and the wait for the job all end by `timeout`; a restart still running then is left
    /// to systemd and reported as an error.
    public func restart(_ unit: String, timeout: Duration) throws(UnitControlError) -> String {
        try job("RestartUnit", unit: unit, timeout: timeout)
    }

    /// Returns once the unit is stopped (stopping one that is not running succeeds): for work
    /// that must not go on while the unit runs (a restore), so anything but `done` is an error.
    public func stop(_ unit: String, timeout: Duration) throws(UnitControlError) {
        try expectDone("StopUnit", verb: "stop", unit: unit, timeout: timeout)
    }

    /// Returns once the unit's start job finished (for a `Type=simple` service: once it was
    /// forked); anything but `done` is an error.
    public func start(_ unit: String, timeout: Duration) throws(UnitControlError) {
        try expectDone("StartUnit", verb: "start", unit: unit, timeout: timeout)
    }

    private func expectDone(_ method: String, verb: String, unit: String, timeout: Duration) throws(UnitControlError) {
        let result = try job(method, unit: unit, timeout: timeout)
        guard result == "done" else {
            throw UnitControlError("the \(verb) job of \(unit) ended \"\(result)\" (journalctl -u \(unit) says why)")
        }
    }

    private func job(_ method: String, unit: String, timeout: Duration) throws(UnitControlError) -> String {
        do throws(BusFailure) {
            return try BusConnection(address: busAddress).runJob(method, unit: unit, deadline: .now + timeout)
        } catch {
            throw UnitControlError(error.description)
        }
    }
}
