// goose's SQL layout: one {version}_{name}.sql file per migration with "-- +goose Up" and
// "-- +goose Down" sections, "-- +goose StatementBegin" / "StatementEnd" around a statement that
// runs whole, and "-- +goose NO TRANSACTION". Annotations are matched without regard to case,
// as goose does. Go migrations (.go files) and ENVSUB cannot be run here and are refused.

#include <algorithm>
#include <cctype>

#include "migrator/errors.hpp"
#include "source/layouts/numbered_files.hpp"
#include "source/script_builder.hpp"

namespace migrator {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

struct Section {
    int marker_line = 0;
    std::size_t begin = 0, end = 0;
    std::vector<std::pair<std::size_t, std::size_t>> blocks; // absolute offsets
};

class GooseLayout final : public Layout {
public:
    Format format() const override { return Format::goose; }

    // goose create NAME sql: a timestamp (or the next of a sequence, five digits wide), its
    // annotations.
    Scaffold scaffold(Entries const& entries, std::string const& name, NewVersion style,
                      std::string const& utc_now) const override {
        return {{{next_version(numbered_versions(entries), style, true, 5, utc_now) + "_" + name + ".sql",
                  "-- +goose Up\n" + scaffold_up(name) + "\n-- +goose Down\n" + scaffold_down(name)}}};
    }

    LayoutContents read(MigrationSource::Tree const& tree, Entries const& entries, Dialect const& dialect,
                        DialectNames const&, LoadScope) const override {
        auto refuse_go = [&](std::string const& name) {
            if (name.ends_with(".go") && !name.ends_with("_test.go") &&
                std::isdigit(static_cast<unsigned char>(name[0])))
                throw MigrationSetError(tree.display("", name) +
                                        ": a goose Go migration: only SQL migrations can be run by migrator");
        };
        return read_numbered_sql_files(
            tree, entries, "goose",
            [&](std::string const& text, std::string const& shown, Migration& m,
                std::vector<SetWarning>& warnings) {
                settle_foreign_migration(m, parse(text, shown, m, dialect), warnings);
            },
            refuse_go);
    }

private:
    // Returns whether the file has a Down section.
    static bool parse(std::string const& text, std::string const& shown, Migration& m,
                      Dialect const& dialect) {
        Section up, down;
        Section* current = nullptr;
        int block_line = 0;
        std::size_t block_begin = 0;
        for_each_line(text, [&](Line const& line) {
            std::string const where = shown + ":" + std::to_string(line.number);
            std::string const s = trimmed(line.text);
            if (lower(s).rfind("-- +goose", 0) != 0) {
                if (!current && !blank_sql(s))
                    throw MigrationSetError(where + ": a statement before '-- +goose Up'");
                return;
            }
            std::string const annotation = lower(trimmed(std::string_view(s).substr(9)));
            if (annotation == "up" || annotation == "down") {
                if (block_line)
                    throw MigrationSetError(where + ": '-- +goose " + annotation +
                                            "' inside a StatementBegin block (line " +
                                            std::to_string(block_line) + ")");
                Section& next = annotation == "up" ? up : down;
                if (next.marker_line)
                    throw MigrationSetError(where + ": a second '-- +goose " + annotation +
                                            "' (first at line " + std::to_string(next.marker_line) + ")");
                if (current) current->end = line.begin;
                current = &next;
                current->marker_line = line.number;
                current->begin = line.next;
            } else if (annotation == "statementbegin") {
                if (!current) throw MigrationSetError(where + ": StatementBegin before '-- +goose Up'");
                if (block_line)
                    throw MigrationSetError(where + ": StatementBegin inside another (line " +
                                            std::to_string(block_line) + ")");
                block_line = line.number;
                block_begin = line.next;
            } else if (annotation == "statementend") {
                if (!block_line) throw MigrationSetError(where + ": StatementEnd without a StatementBegin");
                current->blocks.emplace_back(block_begin, line.begin);
                block_line = 0;
            } else if (annotation == "no transaction") {
                m.transactional = false;
            } else if (annotation.rfind("envsub", 0) == 0) {
                throw MigrationSetError(where + ": goose's ENVSUB is not supported (the script would run "
                                                "with environment values migrator does not substitute)");
            } else {
                throw MigrationSetError(
                    where + ": unknown goose annotation '" + printable(s) +
                    "' (expected Up, Down, StatementBegin, StatementEnd or NO TRANSACTION)");
            }
        });
        if (block_line)
            throw MigrationSetError(shown + ":" + std::to_string(block_line) +
                                    ": StatementBegin without its StatementEnd");
        if (!up.marker_line) throw MigrationSetError(shown + ":1: no '-- +goose Up' annotation");
        if (current) current->end = text.size();
        if (down.marker_line && down.marker_line < up.marker_line)
            throw MigrationSetError(shown + ":" + std::to_string(up.marker_line) +
                                    ": '-- +goose Up' must come before '-- +goose Down' (line " +
                                    std::to_string(down.marker_line) + ")");
        m.up = build_script(source(text, shown, up), dialect, Direction::up);
        if (down.marker_line) m.down = build_script(source(text, shown, down), dialect, Direction::down);
        return down.marker_line != 0;
    }

    static ScriptSource source(std::string const& text, std::string const& shown, Section const& section) {
        ScriptSource s{
            shown, text.substr(section.begin, section.end - section.begin), section.marker_line + 1, {}};
        s.own_transaction_runs_as_written = true;
        for (auto const& [b, e] : section.blocks)
            s.single_statements.emplace_back(b - section.begin, e - section.begin);
        return s;
    }
};

} // namespace

Layout const& goose_layout() {
    static GooseLayout const layout;
    return layout;
}

} // namespace migrator
