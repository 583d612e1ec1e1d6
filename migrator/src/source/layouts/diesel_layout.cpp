// diesel's layout: folders {version}_{name} holding up.sql and (optionally: without it the
// migration is irreversible) down.sql, where the version is a timestamp written
// YYYY-MM-DD-HHMMSS, YYYY-MM-DD-HHMMSS-NNNN or YYYYMMDDHHMMSS, including diesel's own
// 00000000000000_diesel_initial_setup (version 0). diesel keeps the digits and orders them as
// text; migrator stores them right-padded with zeros to 18 digits (YYYYMMDDHHMMSSNNNN), so that
// numbers order as diesel's texts do, and shows and accepts them as written. An optional
// metadata.toml may say run_in_transaction = false.

// toml++ in its header-only form: one file is parsed here, and the form adds no run-time library.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include <algorithm>

#include "migrator/errors.hpp"
#include "source/layout.hpp"
#include "source/script_builder.hpp"

namespace migrator {

namespace {

// The digits of a diesel folder's version (before the first '_', dashes removed), or "" when
// that part holds anything but digits and dashes.
std::string version_digits(std::string const& folder) {
    std::size_t const underscore = folder.find('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 == folder.size()) return "";
    std::string digits;
    for (char c : folder.substr(0, underscore)) {
        if (c >= '0' && c <= '9')
            digits += c;
        else if (c != '-')
            return "";
    }
    return digits;
}

} // namespace

Version diesel_version(std::string const& digits, std::string const& shown) {
    if (digits.size() > 18)
        throw MigrationSetError(shown + ": version " + digits +
                                " has more than 18 digits (diesel's longest is YYYYMMDDHHMMSSNNNN)");
    return parse_version(digits + std::string(18 - digits.size(), '0'), shown);
}

namespace {

bool read_metadata(std::string const& text, std::string const& shown) {
    bool transactional = true;
    try {
        toml::table const table = toml::parse(text, shown);
        for (auto const& [key, value] : table) {
            std::string const where = shown + ":" + std::to_string(value.source().begin.line);
            if (key.str() != "run_in_transaction")
                throw MigrationSetError(where + ": unknown key '" + printable(key.str()) +
                                        "' (diesel's metadata.toml knows run_in_transaction)");
            if (!value.is_boolean())
                throw MigrationSetError(where + ": 'run_in_transaction' must be true or false");
            transactional = *value.value<bool>();
        }
    } catch (toml::parse_error const& e) {
        throw MigrationSetError(shown + ":" + std::to_string(e.source().begin.line) + ": " +
                                std::string(e.description()));
    }
    return transactional;
}

class DieselLayout final : public Layout {
public:
    Format format() const override { return Format::diesel; }

    // diesel migration generate: YYYY-MM-DD-HHMMSS_name/ with up.sql and down.sql.
    Scaffold scaffold(Entries const& entries, std::string const& name, NewVersion,
                      std::string const& utc_now) const override {
        std::vector<std::string> versions;
        for (auto const& e : entries)
            if (std::string const digits = version_digits(e.name); e.directory && digits.size() == 14)
                versions.push_back(digits);
        std::string const v = next_version(versions, NewVersion::timestamp, true, 14, utc_now);
        std::string const folder =
            v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2) + "-" + v.substr(8) + "_" + name;
        return {{{folder + "/up.sql", scaffold_up(name)}, {folder + "/down.sql", scaffold_down(name)}}};
    }

    LayoutContents read(MigrationSource::Tree const& tree, Entries const& entries, Dialect const& dialect,
                        DialectNames const&, LoadScope) const override {
        LayoutContents out;
        for (auto const& entry : entries) {
            std::string const& name = entry.name;
            if (!entry.directory || name.empty() || name.front() == '.') continue;
            std::string const shown = printable(tree.display(name), 300);
            if (entry.escapes)
                throw MigrationSetError(shown + ": symbolic link leads outside the migrations directory");
            std::string const digits = version_digits(name);
            if (digits.empty())
                throw MigrationSetError(shown + ": not a diesel migration folder name (expected "
                                                "YYYY-MM-DD-HHMMSS_name or YYYYMMDDHHMMSS_name)");
            Migration m;
            m.version = diesel_version(digits, shown);
            m.version_text = name.substr(0, name.find('_'));
            m.name = name.substr(name.find('_') + 1);
            check_migration_name(m.name, shown);
            m.folder = name;
            if (auto toml = tree.read(name, "metadata.toml"))
                m.transactional = read_metadata(*toml, tree.display(name, "metadata.toml"));
            for (Direction d : {Direction::up, Direction::down}) {
                std::string const file = d == Direction::up ? "up.sql" : "down.sql";
                auto text = tree.read(name, file);
                if (!text) {
                    if (d == Direction::up) throw MigrationSetError(tree.display(name) + ": no up.sql");
                    continue;
                }
                ScriptSource source{tree.display(name, file), std::move(*text), 1, {}};
                source.own_transaction_runs_as_written = true;
                (d == Direction::up ? m.up : m.down) = build_script(std::move(source), dialect, d);
            }
            settle_foreign_migration(m, !m.down.path.empty(), out.warnings);
            out.migrations.push_back(std::move(m));
        }
        return out;
    }
};

} // namespace

Layout const& diesel_layout() {
    static DieselLayout const layout;
    return layout;
}

} // namespace migrator
