#!/usr/bin/env bash
# The CLI loads the PostgreSQL dialect from libmigrator_postgresql.so only for postgresql://
# URLs. Missing, or not loadable: one line naming the file it looked for and the loader's reason,
# exit 2, never a crash. SQLite keeps working without it.
#   module_errors_test.sh MIGRATOR
set -u
source_binary=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
cp "$source_binary" "$work/bin/migrator" # alone: no module beside it, none in ../lib/migrator
status=0
fail() { echo "FAIL: $*"; status=1; }
url=postgresql://postgres@127.0.0.1:1/postgres

out=$(cd "$work" && env -u MIGRATOR_DIALECT_DIR ./bin/migrator --database "$url" status 2>&1)
code=$?
[ $code = 2 ] || fail "missing module: exit $code"
[ "$(wc -l <<<"$out")" = 1 ] || fail "missing module: not one line: $out"
grep -q "libmigrator_postgresql.so not found (looked in .*$work/bin/libmigrator_postgresql.so" <<<"$out" ||
    fail "missing module: $out"

mkdir -p "$work/modules"
echo "not an ELF file" >"$work/modules/libmigrator_postgresql.so"
out=$(cd "$work" && MIGRATOR_DIALECT_DIR="$work/modules" ./bin/migrator --database "$url" status 2>&1)
code=$?
[ $code = 2 ] || fail "unloadable module: exit $code"
[ "$(wc -l <<<"$out")" = 1 ] || fail "unloadable module: not one line: $out"
grep -q "cannot load the postgresql dialect from $work/modules/libmigrator_postgresql.so: .*" <<<"$out" ||
    fail "unloadable module: $out"

out=$(cd "$work" && ./bin/migrator --database "sqlite:///$work/x.db" --dir /nonexistent-but-fine status 2>&1)
grep -q "libmigrator_postgresql" <<<"$out" && fail "SQLite needed the module: $out"
[ $status = 0 ] && echo "ok: a missing and an unloadable module are one line each, exit 2"
exit $status
