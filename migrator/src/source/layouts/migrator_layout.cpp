// migrator's own layout (DESIGN.md "Migrations on disk"): <version>_<name>/ folders holding
// up.sql and down.sql, per-dialect up.<dialect>.sql overrides, and an optional migration.yaml;
// and a repeatable/ folder of <name>.sql scripts (with <name>.<dialect>.sql overrides), run after
// the versioned ones whenever they change.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "migrator/errors.hpp"
#include "migrator/yaml_documents.hpp"
#include "source/layout.hpp"
#include "source/script_builder.hpp"

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
                   Dialect const& dialect, bool read = true, bool split = true, bool as_written = false) {
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
        if (auto text = tree.read(folder, *file)) {
            ScriptSource source{tree.display(folder, *file), std::move(*text), 1, {}};
            // transaction: false runs the script as written, its own BEGIN/COMMIT included.
            source.own_transaction_runs_as_written = as_written;
            return build_script(std::move(source), dialect, direction, split);
        }
    }
    throw MigrationSetError(tree.display(folder) + ": no " + generic + " (or " + specific + ")");
}

constexpr char const* repeatable_folder = "repeatable";

// repeatable/<name>.sql and <name>.<dialect>.sql: the scripts for `dialect`, in name order.
std::vector<Migration> read_repeatables(MigrationSource::Tree const& tree, Dialect const& dialect,
                                        DialectNames const& dialects, bool split) {
    auto const files = tree.entries_of(repeatable_folder);
    std::map<std::string, std::string> chosen; // name -> file (the dialect's own over the plain one)
    std::map<std::string, std::string> lowered;
    for (auto const& e : files) {
        if (e.name.empty() || e.name.front() == '.' || e.directory || !e.name.ends_with(".sql")) continue;
        std::string stem = e.name.substr(0, e.name.size() - 4);
        std::string for_dialect;
        if (std::size_t const dot = stem.rfind('.'); dot != std::string::npos) {
            for_dialect = stem.substr(dot + 1);
            if (std::find(dialects.names.begin(), dialects.names.end(), for_dialect) == dialects.names.end())
                throw MigrationSetError(tree.display(repeatable_folder, e.name) + ": unknown dialect '" +
                                        printable(for_dialect, 40) +
                                        "' (a repeatable is <name>.sql or "
                                        "<name>.<dialect>.sql)");
            stem.resize(dot);
        }
        check_migration_name(stem, tree.display(repeatable_folder, e.name));
        std::string key = stem;
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
        if (auto const [it, fresh] = lowered.emplace(key, stem); !fresh && it->second != stem)
            throw MigrationSetError(tree.display(repeatable_folder, e.name) + ": a repeatable named like " +
                                    it->second + " (names are told apart without regard to case)");
        if (for_dialect.empty() ? !chosen.count(stem) : for_dialect == dialect.name())
            chosen[stem] = e.name;
        else if (!for_dialect.empty() && !chosen.count(stem) &&
                 !tree.exists(repeatable_folder, stem + ".sql"))
            chosen.emplace(stem, ""); // only other dialects' files: not for this one
    }
    std::vector<Migration> out;
    for (auto const& [name, file] : chosen) {
        if (file.empty()) continue;
        Migration r;
        r.repeatable = true;
        r.folder = std::string(repeatable_folder) + "/" + name;
        r.name = name;
        r.version = repeatable_version(r.folder);
        auto text = tree.read(repeatable_folder, file);
        if (!text)
            throw MigrationSetError(tree.display(repeatable_folder, file) + ": disappeared while being read");
        r.up = build_script({tree.display(repeatable_folder, file), std::move(*text), 1, {}}, dialect,
                            Direction::up, split);
        r.irreversible = true;
        r.irreversible_why = "a repeatable migration";
        out.push_back(std::move(r));
    }
    return out;
}

class MigratorLayout final : public Layout {
public:
    Format format() const override { return Format::migrator; }

    Scaffold scaffold(Entries const& entries, std::string const& name, NewVersion style,
                      std::string const& utc_now) const override {
        std::vector<std::string> versions;
        for (auto const& e : entries)
            if (e.directory && is_migration_folder_name(e.name))
                versions.push_back(e.name.substr(0, e.name.find('_')));
        std::string const folder = next_version(versions, style, false, 4, utc_now) + "_" + name;
        return {{{folder + "/up.sql", scaffold_up(name)}, {folder + "/down.sql", scaffold_down(name)}}};
    }

    LayoutContents read(MigrationSource::Tree const& tree, Entries const& entries, Dialect const& dialect,
                        DialectNames const& dialects, LoadScope scope) const override {
        LayoutContents out;
        std::vector<Migration>& migrations = out.migrations;
        for (auto const& entry : entries) {
            std::string const& name = entry.name;
            // Plain files (a README) and hidden folders (.git, an editor's) are not migrations.
            if (!entry.directory || name.empty() || name.front() == '.') continue;
            if (name == repeatable_folder) {
                out.repeatables = read_repeatables(tree, dialect, dialects, scope != LoadScope::up_text);
                continue;
            }
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
            m.up = read_script(tree, m.folder, Direction::up, dialect, true, scope != LoadScope::up_text,
                               !m.transactional);
            // An up of comments alone is a no-op on purpose; an empty one, or what `new` wrote, is
            // not written yet, and up refuses it.
            if (blank_sql(m.up.text) && !scaffolded_text(m.up.text)) {
                m.noop_up = true;
                out.warnings.push_back({"noop-up", m.version,
                                        m.up.path.string() + ": the up holds only comments: " + m.folder +
                                            " is recorded as applied without running anything"});
            }
            bool const has_down = tree.exists(m.folder, "down.sql") ||
                                  tree.exists(m.folder, "down." + std::string(dialect.name()) + ".sql");
            if (!m.irreversible && !has_down) {
                settle_missing_down(m, out.warnings);
                run_own_transaction_as_written(m);
                continue;
            }
            if (!m.irreversible) {
                m.down = read_script(tree, m.folder, Direction::down, dialect, scope == LoadScope::whole,
                                     true, !m.transactional);
                run_own_transaction_as_written(m);
                continue;
            }
            m.irreversible_why = "migration.yaml: irreversible: true";
            // A down beside `irreversible: true` says two things; which one holds is the author's call.
            for (std::string const& file :
                 {std::string("down.sql"), "down." + std::string(dialect.name()) + ".sql"})
                if (tree.exists(m.folder, file))
                    throw MigrationSetError(tree.display(m.folder, file) +
                                            ": the migration is marked irreversible: true in migration.yaml; "
                                            "remove one of them");
        }
        return out;
    }
};

} // namespace

Layout const& migrator_layout() {
    static MigratorLayout const layout;
    return layout;
}

} // namespace migrator
