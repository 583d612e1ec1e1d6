#!/usr/bin/env bash
# Two copies of examples/embedded_service start at once on one database: both exit 0, and
# together they apply each shipped migration exactly once (one waits, then finds nothing to
# do). Then a broken database URL makes it exit 2 with one line.
#   embedded_service_test.sh BINARY DATABASE_URL
set -u
binary=$1 url=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
DATABASE_URL=$url "$binary" >"$work/a.out" 2>"$work/a.err" &
a=$!
DATABASE_URL=$url "$binary" >"$work/b.out" 2>"$work/b.err" &
b=$!
wait $a; code_a=$?
wait $b; code_b=$?
cat "$work/a.err" "$work/b.err"
[ $code_a = 0 ] && [ $code_b = 0 ] || { echo "FAIL: exit codes $code_a and $code_b"; exit 1; }
applied=$(cat "$work/a.err" "$work/b.err" | grep -c '^migrations: applied ')
[ "$applied" = 8 ] || { echo "FAIL: $applied migrations applied in all, expected 8"; exit 1; }
grep -q 'service ready' "$work/a.out" && grep -q 'service ready' "$work/b.out" || { echo "FAIL: not ready"; exit 1; }
DATABASE_URL="sqlite://no-third-slash.db" "$binary" >/dev/null 2>"$work/bad.err"
code=$?
[ $code = 2 ] && [ "$(wc -l <"$work/bad.err")" = 1 ] || { echo "FAIL: a bad URL gave exit $code:"; cat "$work/bad.err"; exit 1; }
echo "ok: two copies at once, 8 migrations applied once; a bad URL is exit 2"
