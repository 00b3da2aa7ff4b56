import CLibPQ
import Glibc
import VigilCore

/// One libpq connection whose every wait ends at a client-side deadline, so a frozen server
/// costs at most the deadline (the server cannot enforce `statement_timeout` while stopped).
///
/// Blocking: run it on a Dispatch thread (`BlockingIO`), from one thread at a time.
public final class PostgresConnection {
    let connection: OpaquePointer
    private let secrets: ConninfoSecrets
    /// Set once a query gave up at its deadline: the server may still answer it, so the
    /// protocol state is unknown and the connection is good only for closing.
    var isAbandoned = false
    /// Checked between statements and while waiting for results: see `QueryCancellation`.
    public var cancellation: QueryCancellation?
    /// The statement in flight was already sent a cancel request.
    var cancelSent = false

    private init(connection: OpaquePointer, secrets: ConninfoSecrets) {
        self.connection = connection
        self.secrets = secrets
    }

    /// `PQfinish` returns at once even for a frozen server (it only queues a Terminate message);
    /// `PQcancel` could block here, so it is sent only from threads of its own (`cancelOnAbandonedThread`).
    deinit {
        PQfinish(connection)
    }

    /// Connects with `PQconnectStart` + `PQconnectPoll`, waiting on the socket up to `deadline`.
    /// Host names are resolved inside `PQconnectStart`, outside the deadline's reach: prefer
    /// addresses or socket directories for checks that must never overstay.
    public static func connect(conninfo: String, deadline: ContinuousClock.Instant) throws(PostgresError) -> PostgresConnection {
        let started = ContinuousClock.now
        let secrets = try ConninfoSecrets.parse(conninfo)
        guard let raw = PQconnectStart(conninfo) else { throw PostgresError("connection failed: out of memory") }
        let connection = PostgresConnection(connection: raw, secrets: secrets)
        PQsetNoticeProcessor(raw, { _, _ in }, nil)
        if PQstatus(raw) == CONNECTION_BAD { throw connection.failure(fallback: "connection failed") }

        var polling = PGRES_POLLING_WRITING
        while polling != PGRES_POLLING_OK {
            if polling == PGRES_POLLING_FAILED { throw connection.failure(fallback: "connection failed") }
            let socket = PQsocket(raw)
            guard socket >= 0 else { throw connection.failure(fallback: "connection failed: no socket") }
            let events = polling == PGRES_POLLING_READING ? POLLIN : POLLOUT
            if SocketWait.wait(socket: socket, for: Int32(events), until: deadline) == .timedOut {
                throw PostgresError("connection timed out after \(roundedText(started.duration(to: deadline)))")
            }
            polling = PQconnectPoll(raw)
        }
        if PQsetnonblocking(raw, 1) != 0 { throw connection.failure(fallback: "connection failed: cannot set non-blocking mode") }
        return connection
    }

    /// Runs `sql` (one or more statements) and returns the rows of the last statement.
    /// At the deadline the connection is abandoned: later queries fail at once.
    public func query(_ sql: String, deadline: ContinuousClock.Instant) throws(PostgresError) -> QueryResult {
        let started = ContinuousClock.now
        try checkUsable()
        guard PQsendQuery(connection, sql) == 1 else { throw failure(prefix: "query failed", fallback: "cannot send") }

        func timedOut() -> PostgresError {
            isAbandoned = true
            return PostgresError("query timed out after \(Self.roundedText(started.duration(to: deadline)))")
        }

        try flushSentQuery(until: deadline, timedOut: timedOut)
        var answer = QueryResult(columns: [], rows: [])
        try readResults(until: deadline, timedOut: timedOut) { result, _ in answer = Self.rows(of: result) }
        return answer
    }

    /// Reads every result of the statements in flight, handing each successful one to `onSuccess`;
    /// the first error is thrown once all were read, so the connection stays in step. COPY, which
    /// Vigil never starts, abandons the connection.
    func readResults(until deadline: ContinuousClock.Instant, timedOut: () -> PostgresError,
                     _ onSuccess: (OpaquePointer, ExecStatusType) -> Void) throws(PostgresError) {
        var firstError: PostgresError?
        while let result = try nextResult(until: deadline, timedOut: timedOut) {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY {
                onSuccess(result, status)
            } else if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
                isAbandoned = true
                throw PostgresError("query failed: COPY is not supported")
            } else if firstError == nil {
                firstError = PostgresError("query failed: \(errorText(of: result))")
            }
        }
        if let firstError { throw firstError }
    }

    /// Throws instead of starting a statement on an abandoned or cancelled connection.
    func checkUsable() throws(PostgresError) {
        guard !isAbandoned else { throw PostgresError("query failed: connection abandoned after an earlier timeout") }
        if cancellation?.isCancelled == true { throw PostgresError("query cancelled: Vigil is stopping") }
        cancelSent = false
    }

    /// Pushes a sent query out; a large one may need the socket to drain first.
    func flushSentQuery(until deadline: ContinuousClock.Instant, timedOut: () -> PostgresError) throws(PostgresError) {
        while true {
            let flushed = PQflush(connection)
            if flushed == 0 { return }
            if flushed < 0 { throw failure(prefix: "query failed", fallback: "cannot send") }
            if SocketWait.wait(socket: PQsocket(connection), for: Int32(POLLIN | POLLOUT), until: deadline) == .timedOut { throw timedOut() }
            if PQconsumeInput(connection) == 0 { throw failure(prefix: "query failed", fallback: "connection lost") }
        }
    }

    /// The next result of the query in flight (the caller clears it), waiting for it no later than
    /// `deadline`; `nil` once there are no more.
    func nextResult(until deadline: ContinuousClock.Instant, timedOut: () -> PostgresError) throws(PostgresError) -> OpaquePointer? {
        while PQisBusy(connection) == 1 {
            // With a cancellation attached, wake up now and then to look at it.
            let wakeUp = cancellation == nil ? deadline : min(deadline, .now + .milliseconds(200))
            if SocketWait.wait(socket: PQsocket(connection), for: Int32(POLLIN), until: wakeUp) == .timedOut {
                if ContinuousClock.now >= deadline { throw timedOut() }
                if cancellation?.isCancelled == true, !cancelSent {
                    cancelSent = true
                    cancelOnAbandonedThread()
                }
                continue
            }
            if PQconsumeInput(connection) == 0 { throw failure(prefix: "query failed", fallback: "connection lost") }
        }
        return PQgetResult(connection)
    }

    /// The server's version as libpq reports it, e.g. 150013 for 15.13.
    public var serverVersion: Int { Int(PQserverVersion(connection)) }

    // MARK: - Errors

    /// `SEVERITY: primary message` from the result's fields, else its first line, scrubbed.
    func errorText(of result: OpaquePointer) -> String {
        let severity = PQresultErrorField(result, Int32(UInt8(ascii: "S"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        let text: String
        if let primary {
            text = [severity, primary].compactMap { $0 }.joined(separator: ": ")
        } else {
            let message = PQresultErrorMessage(result).map { String(cString: $0) } ?? ""
            text = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? "unknown error"
        }
        return secrets.scrub(PostgresError.oneLine(text))
    }

    /// The connection's current libpq error, one line and scrubbed.
    func failure(prefix: String? = nil, fallback: String) -> PostgresError {
        let message = PQerrorMessage(connection).map { String(cString: $0) } ?? ""
        let text = PostgresError.oneLine(message)
        guard !text.isEmpty else { return PostgresError(prefix.map { "\($0): \(fallback)" } ?? fallback) }
        let scrubbed = secrets.scrub(text)
        return PostgresError(prefix.map { "\($0): \(scrubbed)" } ?? scrubbed)
    }

    private static func rows(of result: OpaquePointer) -> QueryResult {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let rows = (0..<rowCount).map { row in
            (0..<columnCount).map { column -> String? in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
        return QueryResult(columns: columns, rows: rows)
    }

    /// A timeout for people: the nearest 100 ms, so a 2 s deadline reads `2s`, not `1998ms`.
    static func roundedText(_ duration: Duration) -> String {
        let milliseconds = max(DurationText.milliseconds(duration), 0)
        let rounded = (milliseconds + 50) / 100 * 100
        return DurationText.format(.milliseconds(rounded))
    }
}
