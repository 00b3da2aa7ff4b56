import VigilCore
import VigilPostgres

/// A `postgres` check: connect, run the check's query, then read how many client connections
/// are in use, all within one deadline that holds even against a frozen server.
public struct PostgresProbe: Probe {
    public let database: DatabaseSettings
    public let settings: PostgresCheckSettings

    /// Client backends only: autovacuum, WAL writers and the like do not use `max_connections`.
    static let connectionUsageQuery = """
        SELECT count(*) FILTER (WHERE backend_type = 'client backend'), current_setting('max_connections')::int \
        FROM pg_stat_activity
        """

    public init(database: DatabaseSettings, settings: PostgresCheckSettings) {
        self.database = database
        self.settings = settings
    }

    public func observe(until deadline: ContinuousClock.Instant) async throws -> Observation {
        let conninfo = database.conninfo
        let query = settings.query
        return try await BlockingIO.run {
            do throws(PostgresError) {
                let started = ContinuousClock.now
                let connection = try PostgresConnection.connect(conninfo: conninfo, deadline: deadline)
                _ = try connection.query(query, deadline: deadline)
                let latency = started.duration(to: .now)
                let usage = try connection.query(Self.connectionUsageQuery, deadline: deadline)
                return try Self.observation(query: query, latency: latency, usage: usage)
            } catch {
                throw ProbeError(error.description)
            }
        }
    }

    private static func observation(query: String, latency: Duration, usage: QueryResult) throws(PostgresError) -> Observation {
        guard let row = usage.rows.first, row.count == 2,
              let used = row[0].flatMap({ Int($0) }), let maximum = row[1].flatMap({ Int($0) }), maximum > 0 else {
            throw PostgresError("unexpected answer from pg_stat_activity: \(usage.rows)")
        }
        let latencyMilliseconds = Double(latency.components.seconds) * 1000 + Double(latency.components.attoseconds) / 1e15
        let usedPercent = Double(used) / Double(maximum) * 100
        return Observation(
            message: "\(shortened(query)) answered in \(Int(latencyMilliseconds.rounded())) ms; \(used) of \(maximum) connections used",
            metrics: ["latency_ms": latencyMilliseconds, "connections_used_percent": usedPercent])
    }

    /// The query as the message shows it: one line, at most 40 characters.
    private static func shortened(_ query: String) -> String {
        let oneLine = query.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return oneLine.count <= 40 ? oneLine : oneLine.prefix(39) + "…"
    }
}
