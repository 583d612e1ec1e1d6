#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every CTest suite (the PostgreSQL
# server is started and stopped by a CTest fixture), then again under ASan/UBSan.
#   tools/test.sh                 # both builds
#   tools/test.sh --no-sanitize   # the plain build only
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --test
sanitize=1
[ "${1:-}" = "--no-sanitize" ] && sanitize=0

BUILD_DIR=build tools/build.sh
(cd build && ctest --output-on-failure -LE long)

if [ "$sanitize" = 1 ]; then
    BUILD_DIR=build-asan BUILD_TYPE=Debug tools/build.sh -DMIGRATOR_SANITIZE=ON
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -LE long)
fi
