/// Reads a unit's `ActiveState` from systemd over D-Bus (sd-bus), as `systemctl is-active`
/// does, but without a child process.
///
/// The calls block: run them off Swift's cooperative pool (the probe uses `BlockingIO`).
public struct UnitStateReader: Sendable {
    /// A D-Bus address (`unix:path=…`) to use instead of the system bus.
    public let busAddress: String?
    /// How long one read may take in all, when the caller gives no timeout of its own.
    public let timeout: Duration

    public init(busAddress: String? = nil, timeout: Duration = .seconds(5)) {
        self.busAddress = busAddress
        self.timeout = timeout
    }

    public func activeState(of unit: String) throws(UnitStateError) -> String {
        try activeState(of: unit, timeout: timeout)
    }

    /// `LoadUnit` (which also finds units not loaded yet) for the object path, then its
    /// `ActiveState` property; connecting and both calls together stay within `timeout`, even
    /// when the bus accepts the connection and then never answers.
    public func activeState(of unit: String, timeout: Duration) throws(UnitStateError) -> String {
        let deadline = ContinuousClock.now + timeout
        do {
            let bus = try BusConnection(address: busAddress)
            try bus.waitUntilReady(deadline: deadline)
            let path = try bus.loadUnit(unit, deadline: deadline)
            return try bus.activeState(ofUnitAt: path, unit: unit, deadline: deadline)
        } catch {
            throw UnitStateError(error.description)
        }
    }
}
