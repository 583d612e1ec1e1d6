// dbmate's layout: one {version}_{name}.sql file per migration with a "-- migrate:up" section
// and then an optional "-- migrate:down" section (without one, the migration is irreversible);
// "transaction:false" on a marker line runs the migration outside a transaction. As dbmate does,
// the up comes first, nothing but comments may stand before it, and a marker starts its line
// (an indented one, or an unknown "-- migrate:word", is refused).

#include <regex>

#include "migrator/errors.hpp"
#include "migrator/sql_text.hpp"
#include "source/layouts/numbered_files.hpp"
#include "source/script_builder.hpp"

namespace migrator {

namespace {

struct Marker {
    int line = 0;          // 0: absent
    std::size_t after = 0; // offset of the next line
    std::size_t start = 0; // offset of the marker line
};

class DbmateLayout final : public Layout {
public:
    Format format() const override { return Format::dbmate; }

    // dbmate new: YYYYMMDDHHMMSS_name.sql with its two markers.
    Scaffold scaffold(Entries const& entries, std::string const& name, NewVersion style,
                      std::string const& utc_now) const override {
        return {
            {{next_version(numbered_versions(entries),
                           style == NewVersion::sequence ? style : NewVersion::timestamp, true, 14, utc_now) +
                  "_" + name + ".sql",
              "-- migrate:up\n" + scaffold_up(name) + "\n-- migrate:down\n" + scaffold_down(name)}}};
    }

    LayoutContents read(MigrationSource::Tree const& tree, Entries const& entries, Dialect const& dialect,
                        DialectNames const&, LoadScope) const override {
        return read_numbered_sql_files(tree, entries, "dbmate",
                                       [&](std::string const& text, std::string const& shown, Migration& m,
                                           std::vector<SetWarning>& warnings) {
                                           settle_foreign_migration(m, parse(text, shown, m, dialect),
                                                                    warnings);
                                       });
    }

private:
    // Returns whether the file has a down section.
    static bool parse(std::string const& text, std::string const& shown, Migration& m,
                      Dialect const& dialect) {
        static std::regex const marker(R"(^--\s*migrate:(up|down)(\s.*)?$)");
        static std::regex const any_marker(R"(^\s*--\s*migrate:(\S*).*$)");
        Marker up, down;
        for_each_line(text, [&](Line const& line) {
            std::string const s(line.text);
            std::smatch match;
            if (!std::regex_match(s, match, marker)) {
                if (std::regex_match(s, match, any_marker)) {
                    std::string const where = shown + ":" + std::to_string(line.number);
                    if (match[1] != "up" && match[1] != "down")
                        throw MigrationSetError(
                            where + ": unknown dbmate marker '-- migrate:" + printable(match[1].str(), 40) +
                            "' (expected -- migrate:up or -- migrate:down)");
                    throw MigrationSetError(where + ": an indented '-- migrate:" + match[1].str() +
                                            "' marker (a marker starts its line; dbmate refuses it too)");
                }
                if (!up.line && !down.line && !blank_sql(s))
                    throw MigrationSetError(shown + ":" + std::to_string(line.number) +
                                            ": a statement before '-- migrate:up' (dbmate runs only the "
                                            "'-- migrate:up' and '-- migrate:down' sections)");
                return;
            }
            Marker& which = match[1] == "up" ? up : down;
            std::string const where = shown + ":" + std::to_string(line.number);
            if (which.line)
                throw MigrationSetError(where + ": a second '-- migrate:" + match[1].str() +
                                        "' (first at line " + std::to_string(which.line) + ")");
            if (match[1] == "up" && down.line)
                throw MigrationSetError(where +
                                        ": '-- migrate:up' must come before '-- migrate:down' (line " +
                                        std::to_string(down.line) + ")");
            which = {line.number, line.next, line.begin};
            read_options(match[2].str(), where, m);
        });
        if (!up.line) throw MigrationSetError(shown + ":1: no '-- migrate:up' section");
        auto source = [&](std::size_t begin, std::size_t end, int line) {
            ScriptSource s{shown, text.substr(begin, end - begin), line, {}};
            s.own_transaction_runs_as_written = true;
            return s;
        };
        m.up = build_script(source(up.after, down.line ? down.start : text.size(), up.line + 1), dialect,
                            Direction::up);
        if (down.line)
            m.down = build_script(source(down.after, text.size(), down.line + 1), dialect, Direction::down);
        return down.line != 0;
    }

    // Options are "key:value" words after the marker; dbmate knows only transaction:true|false.
    // Either section's transaction:false makes the whole migration non-transactional.
    static void read_options(std::string const& options, std::string const& where, Migration& m) {
        static std::regex const word(R"(\S+)");
        for (auto it = std::sregex_iterator(options.begin(), options.end(), word);
             it != std::sregex_iterator(); ++it) {
            std::string const option = it->str();
            if (option == "transaction:false")
                m.transactional = false;
            else if (option != "transaction:true")
                throw MigrationSetError(where + ": unknown dbmate option '" + printable(option) +
                                        "' (expected transaction:false or transaction:true)");
        }
    }
};

} // namespace

Layout const& dbmate_layout() {
    static DbmateLayout const layout;
    return layout;
}

} // namespace migrator
