#!/usr/bin/env bash
# What a user outside this repository gets, proven on every CI run (after tools/build.sh):
#  1. cmake --install to a temporary prefix, moved elsewhere afterwards (relocatable): the
#     installed CLI migrates SQLite and PostgreSQL, finding its PostgreSQL module by itself;
#  2. examples/find_package_consumer (shared, and static) and examples/embedded_service,
#     configured against that prefix, build and run; pkg-config builds a program too;
#  3. a malformed set given to migrator_embed_migrations fails the build with file:line;
#  4. cpack -G DEB, lintian, dpkg -i, the installed /usr/bin/migrator on SQLite and PostgreSQL,
#     find_package from /usr, dpkg -r.
#   tools/package-test.sh            # uses build/ and the throwaway PostgreSQL server
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-build}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
step() { printf '\n== %s\n' "$*"; }
PG=$(bash tools/pg-test-server.sh start)
PG_BASE=${PG%/*}
pg_database() { PGOPTIONS="-c client_min_messages=warning" psql "$PG" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; echo "$PG_BASE/$1"; }
EXAMPLE=share/migrator/examples/social-network

step "cmake --install to a temporary prefix, then moved"
cmake --install "$BUILD_DIR" --prefix "$WORK/first" >/dev/null
mv "$WORK/first" "$WORK/prefix"
P=$WORK/prefix
for f in bin/migrator lib/migrator/libmigrator_postgresql.so include/migrator/migrator.hpp lib/libmigrator.a \
    lib/libmigrator.so.0 lib/cmake/migrator/migratorConfig.cmake lib/cmake/migrator/migratorConfigVersion.cmake \
    lib/pkgconfig/migrator.pc share/man/man1/migrator.1 share/bash-completion/completions/migrator \
    share/zsh/site-functions/_migrator $EXAMPLE/migrations/0001_create_users/up.sql; do
    [ -e "$P/$f" ] || { echo "missing from the install: $f"; exit 1; }
done
(cd "$WORK" && env -u MIGRATOR_DIALECT_DIR "$P/bin/migrator" --database "sqlite:///$WORK/installed.db" \
    --dir "$P/$EXAMPLE/migrations" up -q && "$P/bin/migrator" --database "sqlite:///$WORK/installed.db" \
    --dir "$P/$EXAMPLE/migrations" status | tail -n 1)
URL=$(pg_database package_prefix)
(cd "$WORK" && env -u MIGRATOR_DIALECT_DIR "$P/bin/migrator" --database "$URL" --dir "$P/$EXAMPLE/migrations" up -q &&
    env -u MIGRATOR_DIALECT_DIR "$P/bin/migrator" --database "$URL" --dir "$P/$EXAMPLE/migrations" status | tail -n 1)

step "find_package(migrator): the shared and the static library, and the embedding function"
for kind in shared static; do
    flag=OFF; [ $kind = static ] && flag=ON
    cmake -S examples/find_package_consumer -B "$WORK/consumer-$kind" -DCMAKE_PREFIX_PATH="$P" \
        -DCONSUMER_STATIC=$flag >/dev/null
    cmake --build "$WORK/consumer-$kind" -j "$(nproc)" >/dev/null
    "$WORK/consumer-$kind/consumer" "sqlite:///$WORK/consumer-$kind.db"
    "$WORK/consumer-$kind/consumer" "$(pg_database package_consumer_$kind)"
done
cmake -S examples/embedded_service -B "$WORK/service" -DCMAKE_PREFIX_PATH="$P" >/dev/null
cmake --build "$WORK/service" -j "$(nproc)" >/dev/null
bash tests/examples/embedded_service_test.sh "$WORK/service/embedded_service" "sqlite:///$WORK/service.db"

step "pkg-config"
cat >"$WORK/pc.cpp" <<'CPP'
#include <migrator/migrator.hpp>
#include <cstdio>
int main() { std::printf("pkg-config: migrator %s\n", migrator::version()); }
CPP
# shellcheck disable=SC2046
g++ -std=c++20 "$WORK/pc.cpp" -o "$WORK/pc" $(PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config --cflags --libs migrator) \
    -Wl,-rpath,"$P/lib"
"$WORK/pc"

step "a malformed set fails the build with the loader's file:line"
cp -r examples/find_package_consumer "$WORK/broken"
printf 'transaction: maybe\n' >"$WORK/broken/migrations/0001_create_notes/migration.yaml"
if cmake -S "$WORK/broken" -B "$WORK/broken-build" -DCMAKE_PREFIX_PATH="$P" >/dev/null &&
    cmake --build "$WORK/broken-build" >"$WORK/broken.log" 2>&1; then
    echo "the build of a malformed set succeeded"; exit 1
fi
grep -F "0001_create_notes/migration.yaml:1: 'transaction' must be true or false" "$WORK/broken.log"

step "the Debian package"
rm -f "$BUILD_DIR"/migrator_*.deb
(cd "$BUILD_DIR" && cpack -G DEB >"$WORK/cpack.log" 2>&1) || { cat "$WORK/cpack.log"; exit 1; }
DEB=$(ls "$BUILD_DIR"/migrator_*_amd64.deb)
echo "$DEB"
dpkg-deb --field "$DEB" Package Version Depends Maintainer
if command -v lintian >/dev/null; then
    # Errors and warnings fail; the package's own overrides say why each one left is accepted.
    if ! lintian --fail-on error,warning "$DEB" >"$WORK/lintian.log" 2>&1; then
        grep -v "running with root privileges" "$WORK/lintian.log"
        echo "lintian found errors or warnings"
        exit 1
    fi
    echo "lintian: no error, no warning"
fi
dpkg -i "$DEB" >/dev/null
trap 'dpkg -r migrator >/dev/null 2>&1; rm -rf "$WORK"' EXIT
/usr/bin/migrator --version
(cd "$WORK" && /usr/bin/migrator --database "sqlite:///$WORK/deb.db" --dir /usr/$EXAMPLE/migrations up -q &&
    /usr/bin/migrator --database "sqlite:///$WORK/deb.db" --dir /usr/$EXAMPLE/migrations status | tail -n 1)
URL=$(pg_database package_deb)
(cd "$WORK" && env -u MIGRATOR_DIALECT_DIR /usr/bin/migrator --database "$URL" --dir /usr/$EXAMPLE/migrations up -q &&
    /usr/bin/migrator --database "$URL" --dir /usr/$EXAMPLE/migrations status | tail -n 1)
man -w migrator >/dev/null 2>&1 || [ -f /usr/share/man/man1/migrator.1.gz ] || [ -f /usr/share/man/man1/migrator.1 ]
cmake -S examples/find_package_consumer -B "$WORK/consumer-deb" >/dev/null
cmake --build "$WORK/consumer-deb" -j "$(nproc)" >/dev/null
"$WORK/consumer-deb/consumer" "sqlite:///$WORK/consumer-deb.db"
dpkg -r migrator >/dev/null
[ ! -e /usr/bin/migrator ] || { echo "dpkg -r left /usr/bin/migrator"; exit 1; }
echo
echo "package-test: ok"
