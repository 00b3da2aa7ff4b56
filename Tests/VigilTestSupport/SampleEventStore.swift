/// The SQL of a small, consistent event store beside another table, as the backup and restore
/// tests fill a database: `events` (10 versions of each aggregate, ids derived from the numbers,
/// so every fill is the same) and `accounts` (50 rows).
public enum SampleEventStore {
    public static func sql(aggregates: Int) -> String {
        """
        CREATE TABLE events (position bigserial PRIMARY KEY, aggregate_id uuid NOT NULL, version int NOT NULL,
                             occurred_at timestamptz NOT NULL, event_id uuid NOT NULL, UNIQUE (aggregate_id, version));
        INSERT INTO events (aggregate_id, version, occurred_at, event_id)
        SELECT md5('a' || a)::uuid, v, timestamptz '2030-01-01' + v * interval '1 minute', md5('e' || a || '-' || v)::uuid
        FROM generate_series(1, \(aggregates)) AS a, generate_series(1, 10) AS v;
        CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL);
        INSERT INTO accounts SELECT i, 'owner ' || i FROM generate_series(1, 50) AS i;
        """
    }
}
