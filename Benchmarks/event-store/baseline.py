"""The floors a consistency check of an event store is compared against, measured side by side on
a store made by Benchmarks/event-store/generate (run through Benchmarks/event-store/baseline).

Two passes over `events`: with the usual indexes (primary key on position, unique (aggregate_id,
version)), then with the covering index (aggregate_id, version) INCLUDE (occurred_at) added (and
dropped again at the end). In each pass, every query runs RUNS times and the median is reported:
  - SELECT count(*): the floor, one pass over the table;
  - the plain lag() window query finding gaps, first versions and timestamp disorder;
  - the seed's algorithm: the list of aggregate ids, then one round trip per aggregate fetching its
    events in version order and comparing them here, on a sample of aggregates spread over the store
    (per aggregate, extrapolated to a million aggregates and to the whole store).
Before measuring, the table and its indexes are read once through shared buffers (pg_prewarm), so
every figure is a warm-cache figure: in shared buffers as far as they hold, else in the kernel's. The anomalies each method finds are compared with the injected ones.
"""

import csv
import os
import statistics
import sys
import time

import psycopg2

COVERING_INDEX = "events_aggregate_id_version_covering"

LAG_QUERY = """
SELECT aggregate_id, version, previous_version, occurred_at < previous_occurred_at AS disorder
FROM (SELECT aggregate_id, version, occurred_at,
             lag(version) OVER w AS previous_version,
             lag(occurred_at) OVER w AS previous_occurred_at
      FROM events
      WINDOW w AS (PARTITION BY aggregate_id ORDER BY version)) AS e
WHERE version <> coalesce(previous_version + 1, 1) OR occurred_at < previous_occurred_at
""".strip()

EVENTS_OF_AGGREGATE = "SELECT version, occurred_at, event_id FROM events WHERE aggregate_id = %s ORDER BY version"


def load_1min():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def read_store_env(store):
    values = {}
    with open(os.path.join(store, "store.env")) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            values[key] = value
    return values


def read_expected(store, table):
    with open(os.path.join(store, "anomalies.tsv"), newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["table_name"] == table]
    return rows


def seed_check(aggregate_id, events):
    """The seed's EventStoreConsistencyChecker on one aggregate's events (in version order), plus
    the first-version check it lacked. Returns (kind, aggregate, details) tuples."""
    found = []
    versions = sorted(e[0] for e in events)
    if versions and versions[0] != 1:
        found.append(("FIRST_VERSION", aggregate_id, f"First version is {versions[0]}, expected 1"))
    for i in range(len(versions) - 1):
        if versions[i + 1] != versions[i] + 1:
            found.append(("VERSION_GAP", aggregate_id, f"Gap between version {versions[i]} and {versions[i + 1]}"))
    for i in range(len(events) - 1):
        if events[i + 1][1] < events[i][1]:
            found.append(("TIMESTAMP_DISORDER", aggregate_id,
                          f"Event {events[i + 1][2]} has earlier timestamp than {events[i][2]}"))
    return found


class Bench:
    def __init__(self, connection, runs):
        self.connection = connection
        self.runs = runs

    def timed(self, action):
        """Runs `action` self.runs times; returns (median seconds, last result, load at start, load at end)."""
        load_start = load_1min()
        seconds = []
        result = None
        for _ in range(self.runs):
            started = time.perf_counter()
            result = action()
            seconds.append(time.perf_counter() - started)
        return statistics.median(seconds), result, load_start, load_1min(), seconds

    def query(self, sql, params=None):
        def run():
            with self.connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        return run

    def fetch(self, sql, params=None):
        return self.query(sql, params)()

    def execute(self, sql):
        with self.connection.cursor() as cursor:
            cursor.execute(sql)


def lag_anomalies(rows):
    found = set()
    for aggregate_id, version, previous_version, disorder in rows:
        if previous_version is None:
            if version != 1:
                found.add(("FIRST_VERSION", aggregate_id, f"First version is {version}, expected 1"))
        elif version != previous_version + 1:
            found.add(("VERSION_GAP", aggregate_id, f"Gap between version {previous_version} and {version}"))
        if disorder:
            found.add(("TIMESTAMP_DISORDER", aggregate_id, None))
    return found


def compare(label, found, expected):
    missing = expected - found
    extra = found - expected
    verdict = "exact" if not missing and not extra else f"MISMATCH: {len(missing)} missing, {len(extra)} extra"
    print(f"  {label}: {len(found)} anomalies found, {len(expected)} injected: {verdict}")
    for item in sorted(missing, key=str)[:5]:
        print(f"    missing {item}")
    for item in sorted(extra, key=str)[:5]:
        print(f"    extra   {item}")
    return not missing and not extra


def plan_summary(bench):
    lines = [r[0] for r in bench.fetch("EXPLAIN " + LAG_QUERY)]
    return " / ".join(line.strip().lstrip("-> ").split("  (")[0] for line in lines if "Scan" in line or "Sort" in line)


def measure_pass(bench, store_env, sample, expected_events):
    aggregates = int(store_env["aggregates"])
    results = {}
    print(f"  plan of the lag query: {plan_summary(bench)}")

    results["count"] = bench.timed(bench.query("SELECT count(*) FROM events"))
    print(f"  count(*): {results['count'][0]:.3f} s (runs {', '.join(f'{s:.3f}' for s in results['count'][4])})")

    results["lag"] = bench.timed(bench.query(LAG_QUERY))
    print(f"  lag query: {results['lag'][0]:.3f} s (runs {', '.join(f'{s:.3f}' for s in results['lag'][4])})")
    expected_lag = {(r["kind"], r["aggregate_id"], None if r["kind"] == "TIMESTAMP_DISORDER" else r["details"])
                    for r in expected_events}
    results["lag_exact"] = compare("lag query", lag_anomalies(results["lag"][1]), expected_lag)

    results["list"] = bench.timed(bench.query("SELECT DISTINCT aggregate_id FROM events"))
    print(f"  seed's list of aggregate ids: {results['list'][0]:.3f} s, {len(results['list'][1])} ids")

    def per_aggregate_loop():
        found = []
        with bench.connection.cursor() as cursor:
            for aggregate_id in sample:
                cursor.execute(EVENTS_OF_AGGREGATE, (aggregate_id,))
                found.extend(seed_check(aggregate_id, cursor.fetchall()))
        return found
    results["seed"] = bench.timed(per_aggregate_loop)
    per_aggregate = results["seed"][0] / len(sample)
    results["seed_per_aggregate"] = per_aggregate
    results["seed_whole_store"] = results["list"][0] + per_aggregate * aggregates
    print(f"  seed per aggregate: {per_aggregate * 1e3:.4f} ms over {len(sample)} aggregates "
          f"(runs {', '.join(f'{s:.3f}' for s in results['seed'][4])} s); "
          f"{per_aggregate * 1e6:.1f} s per million aggregates; whole store ≈ {results['seed_whole_store']:.1f} s")
    sampled = set(sample)
    expected_seed = {(r["kind"], r["aggregate_id"], r["details"]) for r in expected_events if r["aggregate_id"] in sampled}
    results["seed_exact"] = compare("seed's algorithm on the sample", set(results["seed"][1]), expected_seed)
    return results


def main():
    store = os.environ["VIGIL_BENCH_STORE"]
    sample_size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    store_env = read_store_env(store)
    aggregates = int(store_env["aggregates"])
    expected_events = read_expected(store, "events")

    connection = psycopg2.connect(os.environ["VIGIL_BENCH_CONNINFO"])
    connection.autocommit = True
    bench = Bench(connection, runs)
    bench.execute(f"DROP INDEX IF EXISTS {COVERING_INDEX}")

    # The sample: aggregates spread evenly over the generator's numbering (so over the heap), plus
    # every aggregate with an injected anomaly, so the seed's findings can be checked too.
    step = max(1, aggregates // sample_size)
    sample_ids = [r[0] for r in bench.fetch(
        "SELECT md5('aggregate-' || a)::uuid::text FROM generate_series(0, %s - 1, %s) AS a LIMIT %s",
        (aggregates, step, sample_size))]
    anomalous = sorted({r["aggregate_id"] for r in expected_events})
    sample = sample_ids[: sample_size - len(anomalous)] + anomalous

    version = bench.fetch("SHOW server_version")[0][0]
    settings = dict(bench.fetch("SELECT name, setting FROM pg_settings WHERE name IN "
                                "('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'effective_cache_size')"))
    print(f"store {store}: {store_env['events']} events, {aggregates} aggregates; PostgreSQL {version}; "
          f"settings {settings}; {runs} runs each, median; sample {len(sample)} aggregates")

    def prewarm():
        started = time.perf_counter()
        for relation in bench.fetch("SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid = 'events'::regclass "
                                    "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'events'::regclass)"):
            bench.fetch("SELECT pg_prewarm(%s::regclass, 'buffer')", (relation[0],))
        bench.fetch("SELECT count(*) FROM events")
        return time.perf_counter() - started

    print(f"pass 1: the usual indexes (prewarm {prewarm():.1f} s, load {load_1min()})")
    usual = measure_pass(bench, store_env, sample, expected_events)

    started = time.perf_counter()
    load_start = load_1min()
    bench.execute(f"CREATE INDEX {COVERING_INDEX} ON events (aggregate_id, version) INCLUDE (occurred_at)")
    build_seconds = time.perf_counter() - started
    index_bytes = bench.fetch("SELECT pg_relation_size(%s::regclass)", (COVERING_INDEX,))[0][0]
    print(f"covering index built in {build_seconds:.1f} s ({index_bytes / 1048576:.0f} MiB; load {load_start} → {load_1min()})")
    try:
        print(f"pass 2: with the covering index (prewarm {prewarm():.1f} s, load {load_1min()})")
        covering = measure_pass(bench, store_env, sample, expected_events)
    finally:
        bench.execute(f"DROP INDEX IF EXISTS {COVERING_INDEX}")

    def row(label, usual_value, covering_value, usual_load, covering_load, unit="s"):
        def cell(v, count):
            return f"{v:.3f} {unit} ({v / count:.1f}x)" if unit == "s" else f"{v}"
        return (f"| {label} | {cell(usual_value, usual['count'][0])} | {cell(covering_value, covering['count'][0])} "
                f"| {usual_load} | {covering_load} |")

    def loads(r):
        return f"{r[2]:.1f} → {r[3]:.1f}"

    print()
    print(f"{store_env['events']} events, {aggregates} aggregates; median of {runs}; (Nx) = times count(*) of the same pass")
    print()
    print("| measurement | usual indexes | + covering index | load, pass 1 | load, pass 2 |")
    print("|---|---:|---:|---|---|")
    print(row("`SELECT count(*)`", usual["count"][0], covering["count"][0], loads(usual["count"]), loads(covering["count"])))
    print(row("plain `lag()` window query", usual["lag"][0], covering["lag"][0], loads(usual["lag"]), loads(covering["lag"])))
    print(row("seed: `SELECT DISTINCT aggregate_id`", usual["list"][0], covering["list"][0], loads(usual["list"]), loads(covering["list"])))
    print(f"| seed: per aggregate, one round trip each ({len(sample)} aggregates) "
          f"| {usual['seed_per_aggregate'] * 1e3:.3f} ms | {covering['seed_per_aggregate'] * 1e3:.3f} ms "
          f"| {loads(usual['seed'])} | {loads(covering['seed'])} |")
    print(f"| seed: per million aggregates | {usual['seed_per_aggregate'] * 1e6:.1f} s | {covering['seed_per_aggregate'] * 1e6:.1f} s | | |")
    print(row(f"seed: whole store (list + {aggregates} aggregates), extrapolated", usual["seed_whole_store"],
              covering["seed_whole_store"], "", ""))
    print()
    print(f"covering index: built in {build_seconds:.1f} s, {index_bytes / 1048576:.0f} MiB")
    exact = all(p[k] for p in (usual, covering) for k in ("lag_exact", "seed_exact"))
    print("anomalies found match the injected ones: " + ("yes" if exact else "NO"))
    connection.close()
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
