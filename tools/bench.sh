#!/usr/bin/env bash
# Prints figures, asserts nothing: how long the shipped set takes to apply and roll back on
# each dialect, and what a no-op `up` (what every deploy pays) costs next to the database's
# own client doing nothing. Run after a build (tools/build.sh).
#   tools/bench.sh [RUNS]   # RUNS no-op repetitions (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-50}
M=$PWD/build/migrator
[ -x "$M" ] || { echo "bench: build first (tools/build.sh)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

now_us() { echo $(( $(date +%s%N) / 1000 )); }
# mean wall time in ms of RUNS runs of "$@"
mean_ms() {
    local start end
    start=$(now_us)
    for _ in $(seq "$RUNS"); do "$@" >/dev/null; done
    end=$(now_us)
    awk -v t=$((end - start)) -v n="$RUNS" 'BEGIN { printf "%.2f", t / n / 1000 }'
}
once_ms() {
    local start end
    start=$(now_us); "$@" >/dev/null; end=$(now_us)
    awk -v t=$((end - start)) 'BEGIN { printf "%.1f", t / 1000 }'
}

bench() {  # dialect url client-command...
    local dialect=$1 url=$2; shift 2
    echo "== $dialect"
    echo "up, shipped set (8 migrations):      $(once_ms "$M" --dir migrations --database "$url" up) ms"
    echo "no-op up (mean of $RUNS):             $(mean_ms "$M" --dir migrations --database "$url" up) ms"
    echo "no-op status (mean of $RUNS):         $(mean_ms "$M" --dir migrations --database "$url" status) ms"
    echo "client doing SELECT 1 (mean of $RUNS): $(mean_ms "$@") ms"
    echo "down --all:                          $(once_ms "$M" --dir migrations --database "$url" down --all) ms"
}

# Loading cost grows linearly: one migration of 100,000 statements, split and checksummed.
mkdir -p "$WORK/big/1_big"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "INSERT INTO t VALUES (%d, \x27a;b\x27);\n", i }' \
    >"$WORK/big/1_big/up.sql"
echo "DROP TABLE t;" >"$WORK/big/1_big/down.sql"
echo "== loading a 100,000-statement migration"
echo "status, sqlite (splits it once):     $(once_ms "$M" --dir "$WORK/big" --database "sqlite:///$WORK/big.db" status) ms"
echo "up --sql --dialect postgresql:       $(once_ms env -C "$WORK" "$M" --dir big up --sql --dialect postgresql) ms"

bench sqlite "sqlite:///$WORK/bench.db" sqlite3 "$WORK/bench.db" "SELECT 1"

if PG=$(bash tools/pg-test-server.sh start 2>/dev/null); then
    psql "$PG" -qc "DROP DATABASE IF EXISTS migrator_bench" -c "CREATE DATABASE migrator_bench" >/dev/null
    URL=${PG%/*}/migrator_bench
    bench postgresql "$URL" psql "$URL" -qAtc "SELECT 1"
    psql "$PG" -qc "DROP DATABASE migrator_bench" >/dev/null
else
    echo "== postgresql: skipped (tools/pg-test-server.sh could not start a server)"
fi
