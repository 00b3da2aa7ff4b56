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
        try read(unit, timeout: timeout) { bus, path, deadline throws(BusFailure) in
            try bus.activeState(ofUnitAt: path, unit: unit, deadline: deadline)
        }
    }

    /// The unit's control group (`/system.slice/alexandria-api.service`), empty while it runs no
    /// process; its memory and CPU are read from there. Units without processes of their own
    /// (targets, timers, paths, devices, automounts) have none.
    public func controlGroup(of unit: String, timeout: Duration) throws(UnitStateError) -> String {
        let type = unit.split(separator: ".").last.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? ""
        guard ["Service", "Scope", "Slice", "Socket", "Mount", "Swap"].contains(type) else {
            throw UnitStateError("\(unit) has no control group: only services, scopes, slices, sockets, mounts and swaps run processes")
        }
        return try read(unit, timeout: timeout) { bus, path, deadline throws(BusFailure) in
            try bus.stringProperty("ControlGroup", of: "org.freedesktop.systemd1.\(type)", at: path, unit: unit, deadline: deadline)
        }
    }

    /// `LoadUnit` for the unit's object path, then `property`; all within `timeout`.
    private func read(_ unit: String, timeout: Duration,
                      _ property: (borrowing BusConnection, String, ContinuousClock.Instant) throws(BusFailure) -> String) throws(UnitStateError) -> String {
        let deadline = ContinuousClock.now + timeout
        do throws(BusFailure) {
            let bus = try BusConnection(address: busAddress)
            try bus.waitUntilReady(deadline: deadline)
            let path = try bus.loadUnit(unit, deadline: deadline)
            return try property(bus, path, deadline)
        } catch {
            throw UnitStateError(error.description)
        }
    }
}
