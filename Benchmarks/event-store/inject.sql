-- Injects anomalies at known places and records each one in `injected_anomalies`, in the words
-- of Sources/VigilCore/EventStore/ConsistencyAnomaly.swift (the seed's), so a checker's report can be compared
-- exactly. Places are ranks of aggregates in aggregate_id (uuid) order: rank 1 and the last rank (the
-- first and last aggregate a scan in index order meets) get one anomaly of each kind, and a few
-- aggregates in between get one each. The injections never touch the same versions of an aggregate,
-- so no anomaly hides or causes another.
--
-- `events` keeps its unique (aggregate_id, version) key and NOT NULL columns, so it gets only
-- VERSION_GAP, FIRST_VERSION and TIMESTAMP_DISORDER. `events_loose` is a copy taken after those
-- (so it has them too) with neither the unique key nor NOT NULL (a plain (aggregate_id, version)
-- index instead), and gets DUPLICATE_VERSION and NULL_FIELD on top.
\set ON_ERROR_STOP on
\timing on
SELECT set_config('bench.aggregates', :'aggregates', false);

BEGIN;

CREATE TABLE injected_anomalies (
    table_name text NOT NULL,
    kind text NOT NULL,
    aggregate_id uuid,
    event_id uuid,
    position bigint,
    details text NOT NULL
);

-- The aggregate at a rank (1-based) in uuid order.
SET LOCAL work_mem = '512MB';
CREATE TEMP TABLE ranked AS
SELECT row_number() OVER (ORDER BY id) AS rank, id
FROM (SELECT md5('aggregate-' || a)::uuid AS id
      FROM generate_series(0::bigint, current_setting('bench.aggregates')::bigint - 1) AS a) AS ids;
CREATE INDEX ON ranked (rank);

CREATE FUNCTION pg_temp.aggregate_at(fraction numeric) RETURNS uuid LANGUAGE sql AS $$
    SELECT id FROM ranked
    WHERE rank = CASE fraction WHEN 0 THEN 1
                               WHEN 1 THEN current_setting('bench.aggregates')::bigint
                               ELSE round(current_setting('bench.aggregates')::bigint * fraction)::bigint END
$$;

-- Deletes versions from_version..to_version: a gap between the versions around them.
CREATE FUNCTION pg_temp.gap(tbl text, aggregate uuid, from_version int, to_version int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE after record;
BEGIN
    EXECUTE format('DELETE FROM %I WHERE aggregate_id = $1 AND version BETWEEN $2 AND $3', tbl) USING aggregate, from_version, to_version;
    EXECUTE format('SELECT event_id, position FROM %I WHERE aggregate_id = $1 AND version = $2', tbl) INTO STRICT after USING aggregate, to_version + 1;
    INSERT INTO injected_anomalies VALUES (tbl, 'VERSION_GAP', aggregate, after.event_id, after.position,
        format('Gap between version %s and %s', from_version - 1, to_version + 1));
END $$;

-- Deletes the versions below `lowest`: the first version is `lowest`.
CREATE FUNCTION pg_temp.first_version(tbl text, aggregate uuid, lowest int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE first_event record;
BEGIN
    EXECUTE format('DELETE FROM %I WHERE aggregate_id = $1 AND version < $2', tbl) USING aggregate, lowest;
    EXECUTE format('SELECT event_id, position FROM %I WHERE aggregate_id = $1 AND version = $2', tbl) INTO STRICT first_event USING aggregate, lowest;
    INSERT INTO injected_anomalies VALUES (tbl, 'FIRST_VERSION', aggregate, first_event.event_id, first_event.position,
        format('First version is %s, expected 1', lowest));
END $$;

-- Moves version v to `earlier` before version v - 1.
CREATE FUNCTION pg_temp.disorder(tbl text, aggregate uuid, v int, earlier interval) RETURNS void LANGUAGE plpgsql AS $$
DECLARE before record; later record;
BEGIN
    EXECUTE format('SELECT event_id, occurred_at FROM %I WHERE aggregate_id = $1 AND version = $2', tbl) INTO STRICT before USING aggregate, v - 1;
    EXECUTE format('UPDATE %I SET occurred_at = $3 WHERE aggregate_id = $1 AND version = $2 RETURNING event_id, position', tbl)
        INTO STRICT later USING aggregate, v, before.occurred_at - earlier;
    INSERT INTO injected_anomalies VALUES (tbl, 'TIMESTAMP_DISORDER', aggregate, later.event_id, later.position,
        format('Event %s has earlier timestamp than %s', later.event_id, before.event_id));
END $$;

\echo gaps, first versions and timestamp disorder in events
SELECT pg_temp.gap('events', pg_temp.aggregate_at(0), 5, 5);
SELECT pg_temp.first_version('events', pg_temp.aggregate_at(0), 2);
SELECT pg_temp.disorder('events', pg_temp.aggregate_at(0), 8, interval '1 second');
SELECT pg_temp.gap('events', pg_temp.aggregate_at(1), 5, 5);
SELECT pg_temp.first_version('events', pg_temp.aggregate_at(1), 2);
SELECT pg_temp.disorder('events', pg_temp.aggregate_at(1), 8, interval '1 second');

SELECT pg_temp.gap('events', pg_temp.aggregate_at(0.20), 5, 5);
SELECT pg_temp.gap('events', pg_temp.aggregate_at(0.40), 3, 4);
SELECT pg_temp.gap('events', pg_temp.aggregate_at(0.60), 9, 9);
SELECT pg_temp.first_version('events', pg_temp.aggregate_at(0.25), 2);
SELECT pg_temp.first_version('events', pg_temp.aggregate_at(0.45), 3);
SELECT pg_temp.first_version('events', pg_temp.aggregate_at(0.65), 2);
SELECT pg_temp.disorder('events', pg_temp.aggregate_at(0.30), 2, interval '1 second');
SELECT pg_temp.disorder('events', pg_temp.aggregate_at(0.50), 10, interval '1 hour');
SELECT pg_temp.disorder('events', pg_temp.aggregate_at(0.70), 6, interval '1 microsecond');

\echo copy to events_loose (no unique key, no NOT NULL)
CREATE :persistence TABLE events_loose (
    position bigserial NOT NULL,
    aggregate_id uuid,
    version int,
    occurred_at timestamptz,
    event_id uuid,
    event_type text,
    payload jsonb
);
INSERT INTO events_loose SELECT * FROM events;
SELECT setval('events_loose_position_seq', :events) AS loose_sequence \gset
ALTER TABLE events_loose ADD CONSTRAINT events_loose_pkey PRIMARY KEY (position);
CREATE INDEX events_loose_aggregate_id_version ON events_loose (aggregate_id, version);
INSERT INTO injected_anomalies
SELECT 'events_loose', kind, aggregate_id, event_id, position, details FROM injected_anomalies WHERE table_name = 'events';

-- Adds `copies` more events at version v (new ids and positions, same timestamp, so no disorder).
CREATE FUNCTION pg_temp.duplicate(aggregate uuid, v int, copies int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE added record;
BEGIN
    FOR n IN 1..copies LOOP
        INSERT INTO events_loose (aggregate_id, version, occurred_at, event_id, event_type, payload)
        SELECT aggregate_id, version, occurred_at, md5('duplicate-' || aggregate_id || '-' || v || '-' || n)::uuid, event_type, payload
        FROM events_loose WHERE aggregate_id = aggregate AND version = v AND position <= current_setting('bench.events')::bigint
        RETURNING event_id, position INTO STRICT added;
        IF n = 1 THEN
            INSERT INTO injected_anomalies VALUES ('events_loose', 'DUPLICATE_VERSION', aggregate, added.event_id, added.position,
                format('Version %s appears %s times', v, copies + 1));
        END IF;
    END LOOP;
END $$;

-- An extra event with a NULL column: aggregate_id (a new event of no aggregate) or version (after
-- the aggregate's last event), or an existing event's occurred_at set to NULL.
CREATE FUNCTION pg_temp.null_field(aggregate uuid, col text, v int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE changed record;
BEGIN
    IF col = 'aggregate_id' THEN
        INSERT INTO events_loose (aggregate_id, version, occurred_at, event_id, event_type, payload)
        VALUES (NULL, 1, timestamptz '2026-01-01 00:00:00+00', md5('null-aggregate')::uuid, 'AccountOpened', '{"amount": 0}')
        RETURNING event_id, position INTO STRICT changed;
    ELSIF col = 'version' THEN
        INSERT INTO events_loose (aggregate_id, version, occurred_at, event_id, event_type, payload)
        SELECT aggregate, NULL, max(occurred_at) + interval '1 second', md5('null-version-' || aggregate)::uuid, 'StatementIssued', '{"amount": 0}'
        FROM events_loose WHERE aggregate_id = aggregate
        RETURNING event_id, position INTO STRICT changed;
    ELSE
        UPDATE events_loose SET occurred_at = NULL WHERE aggregate_id = aggregate AND version = v
        RETURNING event_id, position INTO STRICT changed;
    END IF;
    INSERT INTO injected_anomalies VALUES ('events_loose', 'NULL_FIELD', aggregate, changed.event_id, changed.position,
        format('%s is NULL', col));
END $$;

SELECT set_config('bench.events', :'events', true);
\echo duplicates and NULLs in events_loose
SELECT pg_temp.duplicate(pg_temp.aggregate_at(0), 3, 1);
SELECT pg_temp.duplicate(pg_temp.aggregate_at(1), 10, 1);
SELECT pg_temp.duplicate(pg_temp.aggregate_at(0.35), 6, 1);
SELECT pg_temp.duplicate(pg_temp.aggregate_at(0.55), 1, 1);
SELECT pg_temp.duplicate(pg_temp.aggregate_at(0.75), 6, 2);
SELECT pg_temp.null_field(NULL, 'aggregate_id', NULL);
SELECT pg_temp.null_field(pg_temp.aggregate_at(0), 'version', NULL);
SELECT pg_temp.null_field(pg_temp.aggregate_at(0.85), 'version', NULL);
SELECT pg_temp.null_field(pg_temp.aggregate_at(1), 'occurred_at', 3);
SELECT pg_temp.null_field(pg_temp.aggregate_at(0.90), 'occurred_at', 4);

COMMIT;
