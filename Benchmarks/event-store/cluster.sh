# Shared by generate, baseline and with-store (sourced, not run): a benchmark store is a folder
# holding its own PostgreSQL 15 cluster (data/, reached only through a unix socket in the folder),
# so a store can be generated once and measured many times without touching any system cluster.

binaries=/usr/lib/postgresql/15/bin
store_port=54392

as_postgres() {
    # From /tmp: user postgres may not be able to enter the caller's folder.
    env -C /tmp /usr/sbin/runuser -u postgres -- "$@"
}

# The settings every run of the store uses, written once into its postgresql.conf. fsync and full
# page writes are off as in Benchmarks/with-postgres: this is a throwaway cluster, and reads (what is
# measured) do not depend on them. Query planning settings stay at PostgreSQL's defaults.
write_store_settings() {
    local store=$1
    cat >>"$store/data/postgresql.conf" <<SETTINGS

# event-store benchmark
listen_addresses = ''
port = $store_port
max_connections = 20
shared_buffers = 256MB
maintenance_work_mem = 512MB
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
checkpoint_timeout = 30min
autovacuum = off
SETTINGS
}

# Starts the store's cluster with its socket in the store folder (given here, not in the settings,
# so a stopped store can be moved); extra arguments go to the server (e.g. "-c wal_level=minimal").
start_store() {
    local store=$1
    shift
    as_postgres "$binaries/pg_ctl" -D "$store/data" -l "$store/server.log" -w -t 60 -o "-k $store $*" start >/dev/null
}

stop_store() {
    local store=$1
    if [ -f "$store/data/postmaster.pid" ]; then
        as_postgres "$binaries/pg_ctl" -D "$store/data" -m fast -w -t 120 stop >/dev/null 2>&1 || true
    fi
}

store_conninfo() {
    printf 'host=%s port=%s user=postgres dbname=postgres' "$1" "$store_port"
}

# A store folder must be absolute (the socket path goes into the server's settings) and free of
# characters that would need quoting in a conninfo or in postgresql.conf.
check_store_path() {
    local store=$1
    if [[ ! $store =~ ^/[A-Za-z0-9._/-]+$ ]]; then
        echo "store folder must be an absolute path of letters, digits, '.', '_', '-' and '/': $store" >&2
        exit 64
    fi
    if [ ${#store} -gt 90 ]; then
        echo "store folder path too long for a unix socket (max 90 characters): $store" >&2
        exit 64
    fi
}

load_average() {
    cut -d' ' -f1-3 /proc/loadavg
}
