/// Stops and starts units through systemd over D-Bus (`StopUnit`/`StartUnit`, mode `replace`)
/// and waits for each job, as `systemctl stop`/`start` do: for work that must not go on while
/// the unit runs (a restore), so anything but a finished job is an error.
///
/// The calls block: run them off Swift's cooperative pool.
public struct UnitController: Sendable {
    /// A D-Bus address (`unix:path=…`) to use instead of the system bus.
    public let busAddress: String?

    public init(busAddress: String? = nil) {
        self.busAddress = busAddress
    }

    /// Returns once the unit is stopped (stopping one that is not running succeeds).
    public func stop(_ unit: String, timeout: Duration) throws(UnitControlError) {
        try run("StopUnit", verb: "stop", unit: unit, timeout: timeout)
    }

    /// Returns once the unit's start job finished (for a `Type=simple` service: once it was forked).
    public func start(_ unit: String, timeout: Duration) throws(UnitControlError) {
        try run("StartUnit", verb: "start", unit: unit, timeout: timeout)
    }

    private func run(_ method: String, verb: String, unit: String, timeout: Duration) throws(UnitControlError) {
        let result: String
        do throws(BusFailure) {
            result = try BusConnection(address: busAddress).runJob(method, unit: unit, deadline: .now + timeout)
        } catch {
            throw UnitControlError(error.description)
        }
        guard result == "done" else {
            throw UnitControlError("the \(verb) job of \(unit) ended \"\(result)\" (journalctl -u \(unit) says why)")
        }
    }
}
