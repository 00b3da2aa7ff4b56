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
        do throws(BusFailure) {
            return try BusConnection(address: busAddress).runJob("RestartUnit", unit: unit, deadline: .now + timeout)
        } catch {
            throw UnitRestartError(error.description)
        }
    }
}
