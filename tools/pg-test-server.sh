#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for tests and CI: 127.0.0.1 only, a non-default port, data under
# /tmp, fast unsafe settings. Robust to a previous server killed with -9.
#   tools/pg-test-server.sh start   # prints the URL of a superuser connection
#   tools/pg-test-server.sh stop
#   tools/pg-test-server.sh url
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
    clear_stale
    if ! running; then
        as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 30 start >/dev/null
    fi
    echo "$URL"
}

stop() {
    if running; then as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
    clear_stale
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) echo "$URL" ;;
*) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
