import VigilCore
import VigilPostgres

/// A `kind = "sql"` sample: the statement's own latency, run in a READ ONLY transaction whose
/// `statement_timeout` is the sample's timeout, so a sampled query can neither write nor run on
/// after Vigil stopped waiting. Connecting is not part of what is measured.
public struct SQLSampleProbe: Probe {
    public let database: DatabaseSettings
    public let query: String
    public let timeout: Duration

    public init(database: DatabaseSettings, query: String, timeout: Duration) {
        self.database = database
        self.query = query
        self.timeout = timeout
    }

    public func observe(until deadline: ContinuousClock.Instant) async throws -> Observation {
        let (conninfo, query, timeoutMs) = (database.conninfo, query, max(DurationText.milliseconds(timeout), 1))
        return try await BlockingIO.run {
            do throws(PostgresError) {
                let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: deadline)
                _ = try connection.query("BEGIN READ ONLY", deadline: deadline)
                _ = try connection.query("SET LOCAL statement_timeout = \(timeoutMs)", deadline: deadline)
                let started = ContinuousClock.now
                let result = try connection.query(query, deadline: deadline)
                let milliseconds = WallClock.seconds(started.duration(to: .now)) * 1000
                _ = try connection.query("ROLLBACK", deadline: deadline)
                return Observation(message: "\(result.rows.count) row\(result.rows.count == 1 ? "" : "s") in \(NumberText.format(milliseconds)) ms",
                                   metrics: ["duration_ms": milliseconds])
            } catch {
                throw ProbeError(error.description)
            }
        }
    }
}
