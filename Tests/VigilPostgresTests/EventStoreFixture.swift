import VigilCore
import VigilPostgres
import VigilTestSupport

/// A small event store in a real cluster: `aggregates` aggregates of `versions` events each,
/// inserted interleaved in time order as a live store fills, with ids that sort by number
/// (`aggregate(1)` is the first aggregate by id, `aggregate(aggregates)` the last).
struct EventStoreFixture {
    static let aggregates = 50
    static let versions = 10

    /// `00000000-0000-0000-0000-00000000002a` for 42.
    static func uuid(_ number: Int) -> String {
        let hex = String(number, radix: 16)
        let digits = String(repeating: "0", count: 32 - hex.count) + hex
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(digits.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }

    static func aggregate(_ number: Int) -> String { uuid(number) }
    static func event(_ aggregate: Int, _ version: Int) -> String { uuid(1_000_000 + aggregate * 1000 + version) }
    /// Events added beside the generated ones.
    static func extraEvent(_ number: Int) -> String { uuid(2_000_000 + number) }

    /// SQL for the uuid of `expression` (an integer), as `uuid(_:)` spells it.
    private static func uuidSQL(_ expression: String) -> String {
        "lpad(to_hex(\(expression)), 32, '0')::uuid"
    }

    /// Creates `events` in the common shape; `constraints` adds NOT NULL to the aggregate,
    /// version and timestamp columns and the unique (aggregate_id, version) index.
    static func create(in cluster: PostgresCluster, table: String = "events", constraints: Bool) throws {
        let notNull = constraints ? " NOT NULL" : ""
        try cluster.psql("""
            CREATE TABLE \(table) (position bigserial PRIMARY KEY, aggregate_id uuid\(notNull), version integer\(notNull),
                occurred_at timestamptz\(notNull), event_id uuid, type text, payload jsonb);
            INSERT INTO \(table) (aggregate_id, version, occurred_at, event_id, type, payload)
            SELECT \(uuidSQL("i % \(aggregates) + 1")), i / \(aggregates) + 1, timestamptz '2024-01-01' + i * interval '1 second',
                   \(uuidSQL("1000000 + (i % \(aggregates) + 1) * 1000 + i / \(aggregates) + 1")), 'Happened', jsonb_build_object('n', i)
            FROM generate_series(0, \(aggregates * versions - 1)) AS i;
            """)
        if constraints {
            try cluster.psql("CREATE UNIQUE INDEX \(table)_aggregate_version ON \(table) (aggregate_id, version)")
        }
    }

    /// The timestamp the generator gave (aggregate, version).
    static func timestampSQL(_ aggregate: Int, _ version: Int) -> String {
        "timestamptz '2024-01-01' + \((version - 1) * aggregates + aggregate - 1) * interval '1 second'"
    }

    /// Injects several anomalies of every kind, at the first and last aggregate too, into a
    /// table made without constraints, and returns exactly what a scan must report (duplicates
    /// without an event id: which of the equal rows comes first is the server's choice).
    static func injectAnomalies(in cluster: PostgresCluster) throws -> [ConsistencyAnomaly] {
        let last = aggregates
        func deleteEvent(_ aggregate: Int, _ version: Int) -> String {
            "DELETE FROM events WHERE event_id = '\(event(aggregate, version))';"
        }
        func duplicate(_ aggregate: Int, _ version: Int, extra: Int) -> String {
            "INSERT INTO events (aggregate_id, version, occurred_at, event_id) VALUES ('\(self.aggregate(aggregate))', \(version), \(timestampSQL(aggregate, version)), '\(extraEvent(extra))');"
        }
        func backdate(_ aggregate: Int, _ version: Int) -> String {
            "UPDATE events SET occurred_at = \(timestampSQL(aggregate, version - 1)) - interval '1 second' WHERE event_id = '\(event(aggregate, version))';"
        }
        try cluster.psql([
            // The first aggregate: starts at 2, a duplicate 3, a gap 4→6, 8 before 7, a NULL timestamp.
            deleteEvent(1, 1), duplicate(1, 3, extra: 1), deleteEvent(1, 5), backdate(1, 8),
            "UPDATE events SET occurred_at = NULL WHERE event_id = '\(event(1, 10))';",
            // Middle aggregates.
            deleteEvent(10, 1),
            deleteEvent(20, 7), deleteEvent(20, 8), backdate(20, 4),
            duplicate(30, 2, extra: 2),
            // The last aggregate: starts at 2, a gap 3→5, 7 before 6, version 10 three times, a NULL version.
            deleteEvent(last, 1), deleteEvent(last, 4), backdate(last, 7),
            duplicate(last, 10, extra: 3), duplicate(last, 10, extra: 4),
            "INSERT INTO events (aggregate_id, version, occurred_at, event_id) VALUES ('\(aggregate(last))', NULL, \(timestampSQL(last, 10)), '\(extraEvent(5))');",
            // Two events of no aggregate.
            "INSERT INTO events (aggregate_id, version, occurred_at, event_id) VALUES (NULL, 1, now(), '\(extraEvent(6))'), (NULL, 1, now(), '\(extraEvent(7))');",
        ].joined(separator: "\n"))

        return [
            .firstVersion(aggregate: aggregate(1), found: 2, expected: 1, eventID: event(1, 2)),
            .firstVersion(aggregate: aggregate(10), found: 2, expected: 1, eventID: event(10, 2)),
            .firstVersion(aggregate: aggregate(last), found: 2, expected: 1, eventID: event(last, 2)),
            .gap(aggregate: aggregate(1), from: 4, to: 6, eventID: event(1, 6)),
            .gap(aggregate: aggregate(20), from: 6, to: 9, eventID: event(20, 9)),
            .gap(aggregate: aggregate(last), from: 3, to: 5, eventID: event(last, 5)),
            .duplicate(aggregate: aggregate(1), version: 3, count: 2),
            .duplicate(aggregate: aggregate(30), version: 2, count: 2),
            .duplicate(aggregate: aggregate(last), version: 10, count: 3),
            .disorder(aggregate: aggregate(1), event: event(1, 8), before: event(1, 7)),
            .disorder(aggregate: aggregate(20), event: event(20, 4), before: event(20, 3)),
            .disorder(aggregate: aggregate(last), event: event(last, 7), before: event(last, 6)),
            .nullField(aggregate: aggregate(1), column: "occurred_at", eventID: event(1, 10)),
            .nullField(aggregate: aggregate(last), column: "version", eventID: extraEvent(5)),
            .nullField(aggregate: "", column: "aggregate_id", eventID: extraEvent(6)),
            .nullField(aggregate: "", column: "aggregate_id", eventID: extraEvent(7)),
        ]
    }

    /// The description of the generated table.
    static func table(_ name: String = "events") -> EventStoreTable {
        EventStoreTable(table: name, aggregateColumn: "aggregate_id", versionColumn: "version",
                        timestampColumn: "occurred_at", idColumn: "event_id")
    }

    /// Anomalies in a fixed order, for comparing lists; which of several equal rows a duplicate
    /// names is the server's choice, so its event id is left out.
    static func comparable(_ anomalies: [ConsistencyAnomaly]) -> [ConsistencyAnomaly] {
        anomalies.map { anomaly in
            var anomaly = anomaly
            if anomaly.kind == .duplicateVersion { anomaly.eventID = nil }
            return anomaly
        }.sorted { ($0.kind, $0.aggregateID, $0.details, $0.eventID ?? "") < ($1.kind, $1.aggregateID, $1.details, $1.eventID ?? "") }
    }
}
