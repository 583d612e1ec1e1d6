#!/usr/bin/env bash
# Installs what migrator needs to build and test on Debian 12, and nothing when it is all there
# (about 1 s). Run as root, or as a user with sudo.
set -euo pipefail
PKGS="cmake g++ make libsoci-dev libsqlite3-dev libpq-dev libyaml-cpp-dev libboost-test-dev
      libcli11-dev nlohmann-json3-dev libssl-dev libpg-query-dev libprotobuf-c-dev libtomlplusplus-dev postgresql sqlite3"
# --test: what only the test suite needs (PgBouncer in front of the test server, clang's
# libFuzzer for the fuzz targets, zsh for its completion, dpkg-dev, lintian and pkg-config
# for the package test, GNU time for the benchmark's peak RSS, MkDocs and Graphviz for the
# documentation site, clang-tidy for the source check).
[ "${1:-}" = "--test" ] && PKGS="$PKGS pgbouncer clang libclang-rt-14-dev zsh dpkg-dev lintian pkg-config python3-jsonschema time mkdocs graphviz clang-tidy"
# shellcheck disable=SC2086
if dpkg -s $PKGS >/dev/null 2>&1; then exit 0; fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "install-deps: installing missing packages" >&2
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $PKGS
