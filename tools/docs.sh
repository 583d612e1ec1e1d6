#!/usr/bin/env bash
# Builds the documentation site strictly (a broken link, a page missing from the nav or a nav
# entry without a page fails) into OUT (default: build/site), from a copy of docs/ completed with
# the generated pages: the command reference (migrator_docgen), the lint rules (migrator help
# lint-rules --markdown), the shipped schema's diagram (schema dump --format dot | dot -Tsvg),
# the performance chart and the list of JSON schemas. The generated pages are committed too, so
# that `mkdocs build --strict` works from the repository as it is; this script fails when the
# committed command reference or rules page differs from what the tool generates (run it with
# --update to write them into docs/).
#   tools/docs.sh [--update] [BUILD_DIR [OUT]]
set -euo pipefail
cd "$(dirname "$0")/.."
update=0
[ "${1:-}" = "--update" ] && { update=1; shift; }
build=$(realpath "${1:-build}")
out=$(realpath -m "${2:-$build/site}")
for tool in mkdocs dot; do
    command -v "$tool" >/dev/null || { echo "docs.sh: $tool is missing (tools/install-deps.sh --test installs it)" >&2; exit 1; }
done
src=$(mktemp -d "$build/docs-src.XXXXXX")
trap 'rm -rf "$src"' EXIT
cp -r docs mkdocs.yml "$src/"
cp "$build/docs/commands.md" "$src/docs/reference/commands.md"
"$build/migrator" help lint-rules --markdown > "$src/docs/lint-rules.md"
db="$src/schema.db"
"$build/migrator" -q --dir migrations --database "sqlite:///$db" up
"$build/migrator" --dir migrations --database "sqlite:///$db" schema dump --format dot | dot -Tsvg > "$src/docs/schema.svg"
python3 tools/bench/chart.py docs/performance.md "$src/docs/performance.svg"
for page in reference/commands.md lint-rules.md schema.svg performance.svg; do
    if [ "$update" = 1 ]; then
        cp "$src/docs/$page" "docs/$page"
    elif [ "${page##*.}" = md ] && ! cmp -s "$src/docs/$page" "docs/$page"; then
        echo "docs.sh: docs/$page differs from what migrator generates; run tools/docs.sh --update" >&2
        exit 1
    fi
done
for schema in docs/json/*.schema.json; do
    name=$(basename "$schema" .schema.json)
    echo "- [\`${name//-/ }\`](json/$name.schema.json)"
done >> "$src/docs/json.md"
mkdocs build --strict --quiet --config-file "$src/mkdocs.yml" --site-dir "$out"
echo "docs.sh: built $out/index.html"
