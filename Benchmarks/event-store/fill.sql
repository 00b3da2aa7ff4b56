-- Fills `events` with :events events of :aggregates aggregates (10 each), inserted interleaved in
-- time order as a live store fills: position i (0-based) is aggregate i % :aggregates at version
-- i / :aggregates + 1, 10 ms after position i - 1. Every aggregate's events are therefore spread over
-- the whole heap, one per tenth of it, as in a store where all aggregates live for the same period.
-- Ids are md5 hashes of fixed strings, so the same size always gives the same store.
-- The keys are added after the load (one index build each instead of 10M insertions); with
-- :persistence = UNLOGGED the table is set logged afterwards.
\set ON_ERROR_STOP on
\timing on

BEGIN;

\echo create table events
CREATE :persistence TABLE events (
    position bigserial NOT NULL,
    aggregate_id uuid NOT NULL,
    version int NOT NULL,
    occurred_at timestamptz NOT NULL,
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    payload jsonb NOT NULL
);

\echo insert :events events
INSERT INTO events (position, aggregate_id, version, occurred_at, event_id, event_type, payload)
SELECT i + 1,
       md5('aggregate-' || (i % :aggregates))::uuid,
       (i / :aggregates + 1)::int,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '10 milliseconds',
       h::uuid,
       CASE WHEN i < :aggregates THEN 'AccountOpened'
            ELSE (ARRAY['FundsDeposited', 'FundsWithdrawn', 'AddressChanged', 'StatementIssued'])[1 + i % 4]
       END,
       jsonb_build_object('amount', (i * 7919) % 1000000, 'currency', 'EUR',
                          'reference', substr(h, 1, 20), 'channel', 'web')
FROM generate_series(0::bigint, :events - 1) AS i,
     LATERAL md5('event-' || i) AS h;

SELECT setval('events_position_seq', :events) AS events_sequence \gset

\echo primary key and unique (aggregate_id, version)
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (position);
ALTER TABLE events ADD CONSTRAINT events_aggregate_id_version_key UNIQUE (aggregate_id, version);

COMMIT;
