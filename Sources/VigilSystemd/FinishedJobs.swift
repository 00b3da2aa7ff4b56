import CSystemd

/// The manager's `JobRemoved` signals seen on one connection, by job object path: the match
/// callback records them while `sd_bus_process` dispatches, the waiter looks its job up.
///
/// Every signal is kept, not only the awaited job's, because the signal may arrive before the
/// `RestartUnit` reply that names the job has been read.
final class FinishedJobs {
    private(set) var results: [String: String] = [:]

    /// Adds the match on the connection; the returned slot removes it again when unreferenced,
    /// and must be released before `self` goes away. Asynchronous on purpose: the bus handles
    /// one connection's messages in order, so the match is in place before any later call
    /// (`Subscribe`, `RestartUnit`) is, and nothing waits for a reply that might never come.
    func watch(_ bus: borrowing BusConnection) throws(BusFailure) -> OpaquePointer {
        var slot: OpaquePointer?
        let result = sd_bus_match_signal_async(
            bus.bus, &slot, systemdService, "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
            "JobRemoved", recordJobRemoved, nil, Unmanaged.passUnretained(self).toOpaque())
        guard result >= 0, let slot else { throw bus.failure("matching JobRemoved", result) }
        return slot
    }

    fileprivate func record(job: String, result: String) {
        results[job] = result
    }
}

/// `JobRemoved(u id, o job, s unit, s result)`; a malformed signal is ignored.
private func recordJobRemoved(_ message: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?,
                              _ error: UnsafeMutablePointer<sd_bus_error>?) -> Int32 {
    guard let message, let userdata else { return 0 }
    var id: UInt32 = 0
    guard sd_bus_message_read_basic(message, CChar(UInt8(ascii: "u")), &id) > 0,
          let job = BusMessage.readString("o", from: message),
          BusMessage.readString("s", from: message) != nil,
          let result = BusMessage.readString("s", from: message) else { return 0 }
    Unmanaged<FinishedJobs>.fromOpaque(userdata).takeUnretainedValue().record(job: job, result: result)
    return 0
}
