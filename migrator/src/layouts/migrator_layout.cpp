// migrator's own layout (DESIGN.md "Migrations on disk"): <version>_<name>/ folders holding
// up.sql and down.sql, per-dialect up.<dialect>.sql overrides, and an optional migration.yaml.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "../layout.hpp"
#include "../script_builder.hpp"
#include "migrator/errors.hpp"
#include "migrator/yaml_documents.hpp"

namespace migrator {

namespace {

std::string at(std::string const& file, YAML::Mark const& mark) {
    return mark.line >= 0 ? file + ":" + std::to_string(mark.line + 1) : file;
}

std::string join(std::vector<std::string> const& items, char const* last_sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? last_sep : ", ") + items[i];
    return out;
}

struct Metadata {
    std::string description;
    bool transactional = true;
    std::map<std::string, bool> transactional_for; // transaction: {postgresql: false}
    std::vector<std::string> dialects;
    bool irreversible = false;
};

void check_known(std::string const& name, YAML::Node const& node, std::string const& file,
                 std::vector<std::string> const& known) {
    if (std::find(known.begin(), known.end(), name) == known.end())
        throw MigrationSetError(at(file, node.Mark()) + ": unknown dialect '" + name + "' (expected " +
                                join(known, " or ") + ")");
}

void read_transaction(YAML::Node const& value, Metadata& meta, std::string const& file,
                      std::vector<std::string> const& known) {
    if (value.IsScalar()) {
        meta.transactional = value.as<bool>();
        return;
    }
    if (!value.IsMap()) throw YAML::BadConversion(value.Mark());
    for (auto const& kv : value) {
        if (!kv.first.IsScalar() || !kv.second.IsScalar()) throw YAML::BadConversion(kv.first.Mark());
        std::string const name = kv.first.as<std::string>();
        check_known(name, kv.first, file, known);
        meta.transactional_for[name] = kv.second.as<bool>();
    }
}

Metadata read_metadata(std::string const& text, std::string const& file,
                       std::vector<std::string> const& known) {
    Metadata meta;
    YAML::Node root;
    try {
        if (holds_several_yaml_documents(text))
            throw MigrationSetError(file + ": holds more than one YAML document");
        root = YAML::Load(text);
    } catch (YAML::Exception const& e) {
        throw MigrationSetError(at(file, e.mark) + ": " + e.msg);
    }
    if (root.IsNull()) return meta;
    if (!root.IsMap()) throw MigrationSetError(at(file, root.Mark()) + ": expected a mapping");
    for (auto const& kv : root) {
        if (!kv.first.IsScalar()) throw MigrationSetError(at(file, kv.first.Mark()) + ": a key must be text");
        std::string const key = kv.first.as<std::string>();
        YAML::Node const& value = kv.second;
        std::string const where = at(file, kv.first.Mark());
        try {
            if (key == "description") {
                if (!value.IsScalar()) throw MigrationSetError(where + ": 'description' must be text");
                meta.description = value.as<std::string>();
                if (!valid_utf8(meta.description))
                    throw MigrationSetError(where + ": 'description' is not valid UTF-8");
            } else if (key == "transaction") {
                read_transaction(value, meta, file, known);
            } else if (key == "irreversible") {
                if (!value.IsScalar()) throw YAML::BadConversion(value.Mark());
                meta.irreversible = value.as<bool>();
            } else if (key == "dialects") {
                if (!value.IsSequence()) throw MigrationSetError(where + ": 'dialects' must be a list");
                for (auto const& d : value) {
                    std::string name = d.as<std::string>();
                    check_known(name, d, file, known);
                    meta.dialects.push_back(name);
                }
            } else {
                throw MigrationSetError(where + ": unknown key '" + key +
                                        "' (expected: description, transaction, dialects, irreversible)");
            }
        } catch (YAML::BadConversion const&) {
            throw MigrationSetError(where + ": '" + key + "' must be " +
                                    (key == "transaction" ? "true or false, or a map of dialect: true|false"
                                     : key == "irreversible" ? "true or false"
                                                             : "a list of text"));
        }
    }
    return meta;
}

// up.<dialect>.sql when present, else up.sql; an error naming both when neither exists. With
// `read` false the file is only found: the Script is empty but for its path. With `split`
// false it is read and checksummed, not split (LoadScope::up_text).
Script read_script(MigrationSource::Tree const& tree, std::string const& folder, Direction direction,
                   Dialect const& dialect, bool read = true, bool split = true) {
    std::string const kind = direction == Direction::up ? "up" : "down";
    std::string const specific = kind + "." + std::string(dialect.name()) + ".sql";
    std::string const generic = kind + ".sql";
    for (auto const* file : {&specific, &generic}) {
        if (!read) {
            if (!tree.exists(folder, *file)) continue;
            Script found;
            found.path = tree.display(folder, *file);
            return found;
        }
        if (auto text = tree.read(folder, *file))
            return build_script({tree.display(folder, *file), std::move(*text), 1, {}}, dialect, direction,
                                split);
    }
    throw MigrationSetError(tree.display(folder) + ": no " + generic + " (or " + specific + ")");
}

class MigratorLayout final : public Layout {
public:
    Format format() const override { return Format::migrator; }

    std::vector<Migration> read(MigrationSource::Tree const& tree, Entries const& entries,
                                Dialect const& dialect, DialectNames const& dialects,
                                LoadScope scope) const override {
        std::vector<Migration> migrations;
        for (auto const& entry : entries) {
            std::string const& name = entry.name;
            // Plain files (a README) and hidden folders (.git, an editor's) are not migrations.
            if (!entry.directory || name.empty() || name.front() == '.') continue;
            std::string const shown = printable(tree.display(name), 300); // not yet known to be text
            if (entry.escapes)
                throw MigrationSetError(shown + ": symbolic link leads outside the migrations directory");
            if (!is_migration_folder_name(name))
                throw MigrationSetError(shown +
                                        ": not a migration folder name (expected <version>_<name>, e.g. "
                                        "0001_create_users)");
            std::string const digits = name.substr(0, name.find('_'));
            Migration m;
            m.version = parse_version(digits, shown);
            // Version 0 only for diesel's own first migration, kept by `import --from diesel`.
            if (m.version.value <= 0 && name != "00000000000000_diesel_initial_setup")
                throw MigrationSetError(shown + ": version must be positive");
            m.name = name.substr(digits.size() + 1);
            check_migration_name(m.name, shown);
            m.folder = name;
            migrations.push_back(std::move(m));
        }
        for (auto& m : migrations) {
            if (auto yaml = tree.read(m.folder, "migration.yaml")) {
                Metadata meta =
                    read_metadata(*yaml, tree.display(m.folder, "migration.yaml"), dialects.names);
                m.description = std::move(meta.description);
                auto const specific = meta.transactional_for.find(std::string(dialect.name()));
                m.transactional =
                    specific != meta.transactional_for.end() ? specific->second : meta.transactional;
                m.dialects = std::move(meta.dialects);
                m.irreversible = meta.irreversible;
            }
            m.for_this_dialect = m.dialects.empty() || std::find(m.dialects.begin(), m.dialects.end(),
                                                                 dialect.name()) != m.dialects.end();
            if (!m.for_this_dialect) continue;
            m.up = read_script(tree, m.folder, Direction::up, dialect, true, scope != LoadScope::up_text);
            if (!m.irreversible) {
                m.down = read_script(tree, m.folder, Direction::down, dialect, scope == LoadScope::whole);
                continue;
            }
            // A down beside `irreversible: true` says two things; which one holds is the author's call.
            for (std::string const& file :
                 {std::string("down.sql"), "down." + std::string(dialect.name()) + ".sql"})
                if (tree.exists(m.folder, file))
                    throw MigrationSetError(tree.display(m.folder, file) +
                                            ": the migration is marked irreversible: true in migration.yaml; "
                                            "remove one of them");
        }
        return migrations;
    }
};

} // namespace

Layout const& migrator_layout() {
    static MigratorLayout const layout;
    return layout;
}

} // namespace migrator
