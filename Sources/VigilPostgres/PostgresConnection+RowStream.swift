import CLibPQ
import FoundationEssentials
import Glibc
import VigilProcess

extension PostgresConnection {
    /// Runs one statement in libpq's single-row mode and hands each row to `onRow` as it
    /// arrives, so a result of any size costs one row of memory.
    ///
    /// Same deadline rule as `query`: every wait ends at `deadline`, and the connection is then
    /// abandoned. A cancel request goes out too, from a thread of its own that may be left
    /// behind (`PQcancel` blocks for as long as a frozen server stays frozen).
    public func streamRows(_ sql: String, deadline: ContinuousClock.Instant, _ onRow: ([String?]) -> Void) throws(PostgresError) {
        let started = ContinuousClock.now
        try checkUsable()
        guard PQsendQuery(connection, sql) == 1 else { throw failure(prefix: "query failed", fallback: "cannot send") }
        guard PQsetSingleRowMode(connection) == 1 else {
            isAbandoned = true
            throw PostgresError("query failed: cannot enter single-row mode")
        }

        func timedOut() -> PostgresError {
            isAbandoned = true
            cancelOnAbandonedThread()
            return PostgresError("query timed out after \(Self.roundedText(started.duration(to: deadline)))")
        }

        try flushSentQuery(until: deadline, timedOut: timedOut)
        var values: [String?] = []
        // Each row comes as a result of its own; the last, empty one only ends the statement.
        try readResults(until: deadline, timedOut: timedOut) { result, status in
            guard status == PGRES_SINGLE_TUPLE else { return }
            values.removeAll(keepingCapacity: true)
            for column in 0..<PQnfields(result) {
                values.append(PQgetisnull(result, 0, column) == 1 ? nil : String(cString: PQgetvalue(result, 0, column)))
            }
            onRow(values)
        }
    }

    /// Asks the server to stop the statement without waiting for it to listen: the request's
    /// own connection may block, so it runs on a detached thread that owns the cancel handle.
    func cancelOnAbandonedThread() {
        guard let handle = PQgetCancel(connection) else { return }
        let request = CancelRequest(handle: handle)
        DetachedThread.start {
            var message = [CChar](repeating: 0, count: 256)
            _ = PQcancel(request.handle, &message, Int32(message.count))
            PQfreeCancel(request.handle)
        }
    }
}

/// A `PGcancel` handed to the thread that sends it: libpq makes it independent of the
/// connection, which may be finished meanwhile.
private struct CancelRequest: @unchecked Sendable {
    let handle: OpaquePointer
}
