#include "loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "checksum.hpp"
#include "migrator/errors.hpp"
#include "migrator/sql_text.hpp"
#include "migrator/yaml_documents.hpp"
#include "statement_kind.hpp"

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
    std::vector<std::string> dialects;
};

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
                if (!value.IsScalar()) throw YAML::BadConversion(value.Mark());
                meta.transactional = value.as<bool>();
            } else if (key == "dialects") {
                if (!value.IsSequence()) throw MigrationSetError(where + ": 'dialects' must be a list");
                for (auto const& d : value) {
                    std::string name = d.as<std::string>();
                    if (std::find(known.begin(), known.end(), name) == known.end())
                        throw MigrationSetError(at(file, d.Mark()) + ": unknown dialect '" + name +
                                                "' (expected " + join(known, " or ") + ")");
                    meta.dialects.push_back(name);
                }
            } else {
                throw MigrationSetError(where + ": unknown key '" + key +
                                        "' (expected: description, transaction, dialects)");
            }
        } catch (YAML::BadConversion const&) {
            throw MigrationSetError(where + ": '" + key + "' must be " +
                                    (key == "transaction" ? "true or false" : "a list of text"));
        }
    }
    return meta;
}

// A NUL byte would cut the script short in every C API that takes it: refuse it, saying where.
void refuse_nul(std::string const& text, std::string const& file) {
    std::size_t const nul = text.find('\0');
    if (nul == std::string::npos) return;
    std::size_t const line_start = text.rfind('\n', nul);
    std::size_t const column = nul - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
    throw MigrationSetError(file + ":" + std::to_string(LineCounter(text).line_at(nul)) + ":" +
                            std::to_string(column) + ": the script holds a NUL byte");
}

// Only an up script's checksum is ever compared (DESIGN.md "Migrations on disk").
Script make_script(std::string const& raw, std::string const& file, Dialect const& dialect, bool checksum) {
    Script script{file, normalize_script_text(raw), {}, {}};
    refuse_nul(script.text, file);
    script.statements = dialect.split(script.text);
    if (script.statements.empty()) throw MigrationSetError(file + ": the script is empty");
    for (auto const& st : script.statements)
        if (is_transaction_control(st.text))
            throw MigrationSetError(file + ":" + std::to_string(st.line) + ": the script holds its own " +
                                    first_keyword(st.text) + "; remove it, the runner owns transactions");
    if (checksum) script.checksum = sha256_hex(script.text);
    return script;
}

// up.<dialect>.sql when present, else up.sql; an error naming both when neither exists.
Script read_script(MigrationSource::Tree const& tree, std::string const& folder, std::string const& kind,
                   Dialect const& dialect) {
    std::string const specific = kind + "." + std::string(dialect.name()) + ".sql";
    std::string const generic = kind + ".sql";
    bool const up = kind == "up";
    if (auto text = tree.read(folder, specific))
        return make_script(*text, tree.display(folder, specific), dialect, up);
    if (auto text = tree.read(folder, generic))
        return make_script(*text, tree.display(folder, generic), dialect, up);
    throw MigrationSetError(tree.display(folder) + ": no " + generic + " (or " + specific + ")");
}

} // namespace

MigrationSet Loader::load(MigrationSource::Tree const& tree, Dialect const& dialect,
                          std::vector<std::string> const& known_dialects) {
    std::vector<Migration> migrations;
    for (auto const& entry : tree.entries()) {
        std::string const& name = entry.name;
        // Plain files (a README) and hidden folders (.git, an editor's) are not migrations.
        if (!entry.directory || name.empty() || name.front() == '.') continue;
        std::string const shown = printable(tree.display(name), 300); // not yet known to be text
        if (entry.escapes)
            throw MigrationSetError(shown + ": symbolic link leads outside the migrations directory");
        if (!is_migration_folder_name(name))
            throw MigrationSetError(shown + ": not a migration folder name (expected <version>_<name>, e.g. "
                                            "0001_create_users)");
        std::string const digits = name.substr(0, name.find('_'));
        Migration m;
        try {
            m.version = Version{std::stoll(digits)};
        } catch (std::out_of_range const&) {
            throw MigrationSetError(shown + ": version " + digits + " is too large");
        }
        if (m.version.value <= 0) throw MigrationSetError(shown + ": version must be positive");
        m.name = name.substr(digits.size() + 1);
        // The name goes into the version table and into messages: plain text only.
        if (!valid_utf8(m.name) || std::any_of(m.name.begin(), m.name.end(), [](char c) {
                return static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\';
            }))
            throw MigrationSetError(shown +
                                    ": a migration name must be UTF-8 text without control characters or "
                                    "backslashes");
        m.folder = name;
        migrations.push_back(std::move(m));
    }
    std::sort(migrations.begin(), migrations.end(), [](Migration const& a, Migration const& b) {
        return a.version < b.version || (a.version == b.version && a.folder < b.folder);
    });
    for (std::size_t i = 1; i < migrations.size(); ++i)
        if (migrations[i].version == migrations[i - 1].version)
            throw MigrationSetError(tree.display(migrations[i].folder) + ": duplicate version " +
                                    std::to_string(migrations[i].version.value) + " (also " +
                                    migrations[i - 1].folder + ")");

    for (auto& m : migrations) {
        if (auto yaml = tree.read(m.folder, "migration.yaml")) {
            Metadata meta = read_metadata(*yaml, tree.display(m.folder, "migration.yaml"), known_dialects);
            m.description = std::move(meta.description);
            m.transactional = meta.transactional;
            m.dialects = std::move(meta.dialects);
        }
        m.for_this_dialect = m.dialects.empty() || std::find(m.dialects.begin(), m.dialects.end(),
                                                             dialect.name()) != m.dialects.end();
        if (!m.for_this_dialect) continue;
        m.up = read_script(tree, m.folder, "up", dialect);
        m.down = read_script(tree, m.folder, "down", dialect);
    }
    return MigrationSet(std::move(migrations));
}

} // namespace migrator
