#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy's checks) over the project's own sources, in parallel, with the
# build's compile database; fails on any finding.
#   tools/tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[ -f "$build/compile_commands.json" ] || { echo "tidy.sh: no $build/compile_commands.json (configure first)" >&2; exit 1; }
command -v clang-tidy >/dev/null || { echo "tidy.sh: clang-tidy is missing (tools/install-deps.sh --test)" >&2; exit 1; }
# The library, the dialects and the CLI; tests and fuzz targets are held to the compiler's warnings.
files=$(git ls-files 'migrator/*.cpp' 'dialects/*.cpp')
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086
if ! printf '%s\n' $files | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet >"$log" 2>&1; then
    grep -E 'warning:|error:' "$log" | sort -u
    echo "tidy.sh: clang-tidy found the above" >&2
    exit 1
fi
echo "tidy.sh: $(printf '%s\n' $files | wc -l) files, no finding"
