#!/usr/bin/env bash
# The house rules that a compiler does not check (docs/architecture.md):
#  - the core names no dialect (comments aside) and includes nothing from dialects/;
#  - the CLI includes nothing from the core's internals (migrator/src/), only public headers;
#  - the rooms (tests/architecture_rooms.py): folder sizes, function lengths, includes by floor.
set -u
cd "$(dirname "$0")/.."
status=0
for f in $(find migrator/src -name "*.cpp" -o -name "*.hpp"); do
    if sed 's#//.*$##' "$f" | grep -niE 'sqlite|postgres|libpq|pg_query' >/dev/null; then
        echo "architecture: $f names a dialect:"; sed 's#//.*$##' "$f" | grep -niE 'sqlite|postgres|libpq|pg_query'
        status=1
    fi
done
if grep -nE '#include "(sqlite|postgresql)/' -r migrator/src migrator/include/migrator; then
    echo "architecture: the core includes a dialect header"; status=1
fi
for f in $(find migrator/cli -name "*.cpp" -o -name "*.hpp"); do
    while read -r inc; do
        case "$inc" in
        migrator/*) [ -f "migrator/include/$inc" ] || [ "$inc" = migrator/version.hpp ] ||
            { echo "architecture: $f includes $inc, which is not a public header"; status=1; } ;;
        sqlite/sqlite.hpp) ;;                  # the composition root links SQLite in
        *.hpp) [ -f "migrator/cli/$inc" ] || { echo "architecture: $f includes $inc"; status=1; } ;;
        esac
    done < <(sed -n 's/^#include "\(.*\)"/\1/p' "$f")
done
python3 tests/architecture_rooms.py || status=1
[ $status = 0 ] && echo "architecture: ok"
exit $status
