import CSystemd
import Glibc

/// The systemd manager's bus name, which every call here addresses.
let systemdService = "org.freedesktop.systemd1"

/// An open D-Bus connection, closed exactly once.
struct BusConnection: ~Copyable {
    let bus: OpaquePointer
    let name: String

    init(address: String?) throws(BusFailure) {
        var bus: OpaquePointer?
        let result: Int32
        if let address {
            name = "bus at \(address)"
            result = Self.open(address, &bus)
        } else {
            name = "system bus"
            result = sd_bus_open_system(&bus)
        }
        guard result >= 0, let bus else {
            throw BusFailure("no \(name): " + String(cString: strerror(-result)))
        }
        self.bus = bus
    }

    private static func open(_ address: String, _ bus: inout OpaquePointer?) -> Int32 {
        var result = sd_bus_new(&bus)
        guard result >= 0, let created = bus else { return result }
        result = sd_bus_set_address(created, address)
        if result >= 0 { result = sd_bus_set_bus_client(created, 1) }
        if result >= 0 { result = sd_bus_start(created) }
        if result < 0 {
            sd_bus_close_unref(created)
            bus = nil
        }
        return result
    }

    deinit {
        // Not sd_bus_flush_close_unref: nothing is left to send, and flushing has no timeout.
        sd_bus_close_unref(bus)
    }

    /// Finishes authentication and `Hello` by the deadline: `sd_bus_call` would otherwise wait for
    /// them with sd-bus's own timeout (25 s), whatever timeout the call itself was given.
    func waitUntilReady(deadline: ContinuousClock.Instant) throws(BusFailure) {
        while sd_bus_is_ready(bus) <= 0 {
            let processed = sd_bus_process(bus, nil)
            guard processed >= 0 else { throw failure("connecting", processed) }
            if processed > 0 { continue }
            guard let left = Self.microseconds(until: deadline) else { throw failure("connecting", -ETIMEDOUT) }
            let waited = sd_bus_wait(bus, left)
            guard waited >= 0 || waited == -EINTR else { throw failure("connecting", waited) }
        }
    }

    func loadUnit(_ unit: String, deadline: ContinuousClock.Instant) throws(BusFailure) -> String {
        let what = "LoadUnit(\(unit))"
        let reply = try callManager("LoadUnit", arguments: [unit], what: what, deadline: deadline)
        guard let path = reply.readString("o") else { throw failure(what + " reply", -EBADMSG) }
        return path
    }

    /// Calls a method of systemd's manager object with string arguments and waits for its reply
    /// until the deadline.
    func callManager(_ method: String, arguments: [String], what: String,
                     deadline: ContinuousClock.Instant) throws(BusFailure) -> BusMessage {
        var message: OpaquePointer?
        var result = sd_bus_message_new_method_call(bus, &message, systemdService, "/org/freedesktop/systemd1",
                                                    "org.freedesktop.systemd1.Manager", method)
        guard result >= 0, let message else { throw failure(what, result) }
        let call = BusMessage(message)
        for argument in arguments {
            result = argument.withCString { sd_bus_message_append_basic(call.message, CChar(UInt8(ascii: "s")), $0) }
            guard result >= 0 else { throw failure(what, result) }
        }
        guard let left = Self.microseconds(until: deadline) else { throw failure(what, -ETIMEDOUT) }

        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var replyPointer: OpaquePointer?
        result = sd_bus_call(bus, call.message, left, &error, &replyPointer)
        guard result >= 0, let replyPointer else { throw failure(what, result, error) }
        return BusMessage(replyPointer)
    }

    func activeState(ofUnitAt path: String, unit: String, deadline: ContinuousClock.Instant) throws(BusFailure) -> String {
        try stringProperty("ActiveState", of: "org.freedesktop.systemd1.Unit", at: path, unit: unit, deadline: deadline)
    }

    /// A string property of the unit at `path` on one of its interfaces (`…systemd1.Unit`, `…systemd1.Service`).
    func stringProperty(_ name: String, of interface: String, at path: String, unit: String,
                        deadline: ContinuousClock.Instant) throws(BusFailure) -> String {
        let what = "\(name) of \(unit)"
        guard let left = Self.microseconds(until: deadline) else { throw failure(what, -ETIMEDOUT) }
        _ = sd_bus_set_method_call_timeout(bus, left)
        var error = sd_bus_error()
        defer { sd_bus_error_free(&error) }
        var value: UnsafeMutablePointer<CChar>?
        defer { free(value) }
        let result = sd_bus_get_property_string(bus, systemdService, path, interface, name, &error, &value)
        guard result >= 0, let value else { throw failure(what, result, error) }
        return String(cString: value)
    }

    /// The bus's own explanation when it gave one (e.g. "The name org.freedesktop.systemd1 was
    /// not provided by any .service files"), else the errno text.
    func failure(_ what: String, _ result: Int32, _ error: sd_bus_error = sd_bus_error()) -> BusFailure {
        if let message = error.message {
            let errorName = error.name.map { " (" + String(cString: $0) + ")" } ?? ""
            return BusFailure("\(name): \(what): " + String(cString: message) + errorName)
        }
        return BusFailure("\(name): \(what): " + String(cString: strerror(-result)))
    }

    /// What is left until the deadline, in microseconds; `nil` once it passed (sd-bus reads 0
    /// as "its default of 25 s", so zero is never handed on).
    static func microseconds(until deadline: ContinuousClock.Instant) -> UInt64? {
        let left = ContinuousClock.now.duration(to: deadline).components
        let microseconds = left.seconds * 1_000_000 + left.attoseconds / 1_000_000_000_000
        return microseconds > 0 ? UInt64(microseconds) : nil
    }
}

/// An sd-bus message reference, released exactly once.
struct BusMessage: ~Copyable {
    let message: OpaquePointer

    init(_ message: OpaquePointer) {
        self.message = message
    }

    deinit {
        sd_bus_message_unref(message)
    }

    /// Reads the message's next argument of D-Bus type `type` (`"s"`, `"o"`): `nil` when the
    /// message has none of that type there.
    func readString(_ type: Character) -> String? {
        Self.readString(type, from: message)
    }

    /// The same, for a message this code does not own (one handed to a callback).
    static func readString(_ type: Character, from message: OpaquePointer) -> String? {
        var text: UnsafePointer<CChar>?
        let result = sd_bus_message_read_basic(message, CChar(type.asciiValue!), &text)
        guard result > 0, let text else { return nil }
        return String(cString: text)
    }
}
