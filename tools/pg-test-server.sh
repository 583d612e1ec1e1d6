#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests and CI: 127.0.0.1 only, a non-default port, data under
# /tmp, fast unsafe settings. Robust to a previous server killed with -9.
#   tools/pg-test-server.sh start                    # prints the URL of a superuser connection
#   tools/pg-test-server.sh stop
#   tools/pg-test-server.sh url
#   tools/pg-test-server.sh restart                  # pg_ctl restart -m fast, for fault tests
#   tools/pg-test-server.sh replica-start|replica-stop        # a hot standby on PORT+1
#   tools/pg-test-server.sh pgbouncer-start|pgbouncer-stop MODE
#       PgBouncer in front of the server, pool_mode MODE (transaction: PORT+2, session: PORT+3)
# PORT (default 54329) and DATA (default /tmp/migrator-pg-$PORT) may be overridden.
set -euo pipefail
PORT=${MIGRATOR_PG_PORT:-54329}
DATA=${MIGRATOR_PG_DATA:-/tmp/migrator-pg-$PORT}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
URL="postgresql://postgres@127.0.0.1:$PORT/postgres"

[ -n "$BIN" ] || { echo "pg-test-server: PostgreSQL server binaries not found (install postgresql)" >&2; exit 1; }

# initdb and postgres refuse to run as root: run them as the postgres OS user.
as_pg() {
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

running() { as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

# A postmaster killed with -9 leaves children and lock files behind; clear them.
clear_stale() {
    [ -f "$DATA/postmaster.pid" ] || return 0
    local pid; pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid" | cut -c1)" != Z ]; then
        return 0
    fi
    for p in $(ls /proc | grep -E '^[0-9]+$'); do
        [ "$(readlink "/proc/$p/cwd" 2>/dev/null)" = "$DATA" ] && kill -9 "$p" 2>/dev/null || true
    done
    sleep 0.5
    rm -f "$DATA/postmaster.pid" "$DATA/.s.PGSQL.$PORT.lock" "$DATA/.s.PGSQL.$PORT"
}

start() {
    if [ ! -f "$DATA/PG_VERSION" ]; then
        rm -rf "$DATA"
        mkdir -p "$DATA"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
        chmod 700 "$DATA"
        as_pg "$BIN/initdb" -D "$DATA" --no-locale -E UTF8 -U postgres --auth=trust >/dev/null
        cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
CONF
        # One role must give a password, so tests can see that a wrong one fails and that no
        # password is ever printed; everyone else is trusted on loopback.
        cat >"$DATA/pg_hba.conf" <<CONF
local all all trust
host all migrator_pw 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
CONF
    fi
    # A streaming replica copies from it (replica-start); data areas made before this line
    # existed gain it here.
    if ! grep -q '^local replication' "$DATA/pg_hba.conf"; then
        printf 'local replication all trust\nhost replication all 127.0.0.1/32 trust\n' >>"$DATA/pg_hba.conf"
        if running; then as_pg "$BIN/pg_ctl" -D "$DATA" reload >/dev/null; fi
    fi
    clear_stale
    if ! running; then
        as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 30 start >/dev/null
    fi
    echo "$URL"
}

stop() {
    replica_stop
    bouncer_stop transaction
    bouncer_stop session
    if running; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
    clear_stale
}

# --- a hot standby: pg_basebackup -R from the server, on PORT+1
REPLICA_PORT=$((PORT + 1))
REPLICA_DATA=$DATA-replica

replica_running() { as_pg "$BIN/pg_ctl" -D "$REPLICA_DATA" status >/dev/null 2>&1; }

primary_sql() { as_pg "$BIN/psql" -X -h "$DATA" -p "$PORT" -U postgres -d postgres -Atqc "$1"; }

# Made afresh each time, with a replication slot, so that it never falls behind for good.
replica_start() {
    start >/dev/null
    replica_stop
    rm -rf "$REPLICA_DATA"
    as_pg "$BIN/pg_basebackup" -h "$DATA" -p "$PORT" -U postgres -D "$REPLICA_DATA" -R -X stream \
        -C -S migrator_replica 2> >(grep -v "skipping special file" >&2)
    chmod 700 "$REPLICA_DATA"
    cat >>"$REPLICA_DATA/postgresql.conf" <<CONF
port = $REPLICA_PORT
unix_socket_directories = '$REPLICA_DATA'
hot_standby = on
CONF
    DATA=$REPLICA_DATA PORT=$REPLICA_PORT clear_stale
    as_pg "$BIN/pg_ctl" -D "$REPLICA_DATA" -l "$REPLICA_DATA/server.log" -w -t 30 start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$REPLICA_PORT/postgres"
}

replica_stop() {
    if replica_running; then as_pg "$BIN/pg_ctl" -D "$REPLICA_DATA" -m fast -w stop >/dev/null; fi
    if running; then
        primary_sql "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
                     WHERE slot_name = 'migrator_replica'" >/dev/null
    fi
}

# --- PgBouncer in front of the server: MODE transaction on PORT+2, session on PORT+3
bouncer_port() { case "$1" in transaction) echo $((PORT + 2)) ;; session) echo $((PORT + 3)) ;; *) return 1 ;; esac; }

bouncer_start() {
    local mode=$1 port dir
    port=$(bouncer_port "$mode") || { echo "pg-test-server: pool mode is transaction or session" >&2; exit 2; }
    command -v pgbouncer >/dev/null || { echo "pg-test-server: pgbouncer is not installed" >&2; exit 1; }
    start >/dev/null
    dir=/tmp/migrator-pgbouncer-$PORT-$mode
    mkdir -p "$dir"
    cat >"$dir/pgbouncer.ini" <<CONF
[databases]
* = host=127.0.0.1 port=$PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = $mode
default_pool_size = 40
max_client_conn = 400
pidfile = $dir/pgbouncer.pid
logfile = $dir/pgbouncer.log
CONF
    printf '"postgres" ""\n' >"$dir/userlist.txt"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
    if [ -f "$dir/pgbouncer.pid" ] && kill -0 "$(cat "$dir/pgbouncer.pid")" 2>/dev/null; then
        :
    else
        rm -f "$dir/pgbouncer.pid"
        as_pg pgbouncer -d "$dir/pgbouncer.ini"
        for _ in $(seq 50); do
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
            sleep 0.1
        done
    fi
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

bouncer_stop() {
    local dir=/tmp/migrator-pgbouncer-$PORT-$1
    if [ -f "$dir/pgbouncer.pid" ]; then
        kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
        rm -f "$dir/pgbouncer.pid"
    fi
}

restart() {
    start >/dev/null
    as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 restart -l "$DATA/server.log" >/dev/null
}

case "${1:-}" in
start) start ;;
restart) restart ;;
stop) stop ;;
url) echo "$URL" ;;
replica-start) replica_start ;;
replica-stop) replica_stop ;;
pgbouncer-start) bouncer_start "${2:-}" ;;
pgbouncer-stop) bouncer_stop "${2:-}" ;;
*) echo "usage: $0 start|stop|restart|url|replica-start|replica-stop|pgbouncer-start MODE|pgbouncer-stop MODE" >&2; exit 2 ;;
esac
