#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for SECONDS (default 60):
# the URL parsers, the config loader, the migration loader and each dialect's splitter. New
# corpus entries go to a scratch copy; a crash input is kept in tests/fuzz/regressions/<target>/,
# where the test suite replays it from then on (fuzz.<target>), and the script exits 1.
#   tools/fuzz.sh [SECONDS]        # CI runs 60 s each; for a longer hunt: tools/fuzz.sh 3600
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
BUILD_DIR=${BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMIGRATOR_FUZZ=ON \
    -DMIGRATOR_BUILD_TESTS=OFF >/dev/null
targets="url split_sqlite split_postgresql loader config"
# shellcheck disable=SC2086
cmake --build "$BUILD_DIR" -j "$(nproc)" --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done) >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for t in $targets; do
    mkdir -p "$WORK/$t"
    cp -r tests/fuzz/corpus/"$t"/. "$WORK/$t/"
    seeds=""
    case $t in split_*) seeds=migrations ;; esac # the shipped scripts seed the splitters too
    mkdir -p tests/fuzz/regressions/"$t"
    if "$BUILD_DIR/tests/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix=tests/fuzz/regressions/"$t"/ "$WORK/$t" $seeds >"$WORK/$t.log" 2>&1; then
        echo "fuzz $t: $(grep -E 'stat::number_of_executed_units' "$WORK/$t.log" | awk '{print $2}') runs in ${SECONDS_EACH}s, no finding"
    else
        echo "fuzz $t: FINDING (input kept in tests/fuzz/regressions/$t/):"
        grep -E 'ERROR|fuzz finding|SUMMARY' "$WORK/$t.log" | head -5 || tail -5 "$WORK/$t.log"
        status=1
    fi
done
exit $status
