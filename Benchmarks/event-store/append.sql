-- Appends :new events to a generated store, each the next version (11) of a different aggregate
-- spread across the store, as a day of traffic touches many aggregates once. For measuring an
-- incremental run; run it inside a transaction that is rolled back to leave the store as it was:
--   psql -v start=<max(position)> -v aggregates=<A> -v new=100000 -c 'BEGIN' -f append.sql …
INSERT INTO events (position, aggregate_id, version, occurred_at, event_id, event_type, payload)
SELECT :start + j, md5('aggregate-' || (j * (:aggregates / :new)))::uuid, 11,
       timestamptz '2027-01-01 00:00:00+00' + j * interval '10 milliseconds',
       md5('new-event-' || j)::uuid, 'FundsDeposited',
       jsonb_build_object('amount', j, 'currency', 'EUR', 'reference', substr(md5('r' || j), 1, 20), 'channel', 'web')
FROM generate_series(1::bigint, :new) AS j;
