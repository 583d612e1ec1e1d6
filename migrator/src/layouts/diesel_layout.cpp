// diesel's layout: folders {version}_{name} holding up.sql and down.sql, where the version is a
// timestamp written YYYY-MM-DD-HHMMSS, YYYY-MM-DD-HHMMSS-NNNN or YYYYMMDDHHMMSS (diesel keeps
// it with the dashes removed, and so does migrator), including diesel's own
// 00000000000000_diesel_initial_setup (version 0). An optional metadata.toml may say
// run_in_transaction = false.

// toml++ in its header-only form: one file is parsed here, and the form adds no run-time library.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include <algorithm>

#include "../layout.hpp"
#include "../script_builder.hpp"
#include "migrator/errors.hpp"

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

    std::vector<Migration> read(MigrationSource::Tree const& tree, Entries const& entries,
                                Dialect const& dialect, DialectNames const&, LoadScope) const override {
        std::vector<Migration> out;
        std::string first_width; // a folder with the first version width seen, for the message
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
            // diesel orders versions as text, migrator as numbers: the same only at one width.
            if (first_width.empty())
                first_width = name;
            else if (version_digits(first_width).size() != digits.size())
                throw MigrationSetError(shown + ": its version has " + std::to_string(digits.size()) +
                                        " digits and " + first_width + "'s has " +
                                        std::to_string(version_digits(first_width).size()) +
                                        ": diesel orders them as text, migrator as numbers; rename one");
            Migration m;
            m.version = parse_version(digits, shown);
            m.name = name.substr(name.find('_') + 1);
            check_migration_name(m.name, shown);
            m.folder = name;
            if (auto toml = tree.read(name, "metadata.toml"))
                m.transactional = read_metadata(*toml, tree.display(name, "metadata.toml"));
            for (Direction d : {Direction::up, Direction::down}) {
                std::string const file = d == Direction::up ? "up.sql" : "down.sql";
                auto text = tree.read(name, file);
                if (!text) throw MigrationSetError(tree.display(name) + ": no " + file);
                Script s = build_script({tree.display(name, file), std::move(*text), 1, {}}, dialect, d);
                (d == Direction::up ? m.up : m.down) = std::move(s);
            }
            out.push_back(std::move(m));
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
