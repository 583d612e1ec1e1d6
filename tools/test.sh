#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every CTest suite (the PostgreSQL
# server, its replica and PgBouncer are started and stopped by CTest fixtures), then again
# under ASan/UBSan, then each libFuzzer target for FUZZ_SECONDS (default 60); after the plain
# build, tools/package-test.sh installs it as users do and tools/bench/run --smoke runs the
# benchmark suite once. The long fault
# harnesses (ctest -L long) are not part of it: see README "Tests".
#   tools/test.sh                 # both builds and the fuzzers
#   tools/test.sh --no-sanitize   # the plain build and the fuzzers
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh --test
sanitize=1
[ "${1:-}" = "--no-sanitize" ] && sanitize=0

BUILD_DIR=build tools/build.sh -DMIGRATOR_WERROR=ON
# The sources hold no clang-tidy finding (.clang-tidy names the checks and why).
tools/tidy.sh build
(cd build && ctest --output-on-failure -LE long)
# What an installing user gets: cmake --install, find_package, pkg-config, the .deb (dpkg -i).
BUILD_DIR=build tools/package-test.sh
# The benchmark suite's smoke variant (W1, W4 and small fleets, one run each), so that it cannot rot: it
# prints figures and asserts nothing about time.
tools/bench/run --smoke --out build/bench/smoke.md

if [ "$sanitize" = 1 ]; then
    BUILD_DIR=build-asan BUILD_TYPE=Debug tools/build.sh -DMIGRATOR_SANITIZE=ON -DMIGRATOR_WERROR=ON
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -LE long)
fi

if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
    tools/fuzz.sh "${FUZZ_SECONDS:-60}"
fi
