#include "migrator/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "migrator/checksum.hpp"
#include "migrator/errors.hpp"

namespace fs = std::filesystem;

namespace migrator {

namespace {

std::string at(fs::path const& file, YAML::Mark const& mark) {
    return mark.line >= 0 ? file.string() + ":" + std::to_string(mark.line + 1) : file.string();
}

struct Metadata {
    std::string description;
    bool transactional = true;
    std::vector<std::string> dialects;
};

Metadata read_metadata(fs::path const& file) {
    Metadata meta;
    YAML::Node root;
    try {
        root = YAML::LoadFile(file.string());
    } catch (YAML::Exception const& e) {
        throw MigrationSetError(at(file, e.mark) + ": " + e.msg);
    }
    if (root.IsNull()) return meta;
    if (!root.IsMap()) throw MigrationSetError(at(file, root.Mark()) + ": expected a mapping");
    for (auto const& kv : root) {
        std::string const key = kv.first.as<std::string>();
        YAML::Node const& value = kv.second;
        std::string const where = at(file, kv.first.Mark());
        try {
            if (key == "description") {
                if (!value.IsScalar()) throw MigrationSetError(where + ": 'description' must be text");
                meta.description = value.as<std::string>();
            } else if (key == "transaction") {
                if (!value.IsScalar()) throw YAML::BadConversion(value.Mark());
                meta.transactional = value.as<bool>();
            } else if (key == "dialects") {
                if (!value.IsSequence()) throw MigrationSetError(where + ": 'dialects' must be a list");
                for (auto const& d : value) {
                    std::string name = d.as<std::string>();
                    if (name != "sqlite" && name != "postgresql")
                        throw MigrationSetError(at(file, d.Mark()) + ": unknown dialect '" + name +
                                                "' (expected sqlite or postgresql)");
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

Script read_script(fs::path const& file, SqlFlavor flavor) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw MigrationSetError(file.string() + ": cannot be read");
    std::ostringstream raw;
    raw << in.rdbuf();
    Script script{file, normalize_script_text(raw.str()), {}};
    auto const statements = split_statements(script.text, flavor);
    if (statements.empty()) throw MigrationSetError(file.string() + ": the script is empty");
    for (auto const& st : statements)
        if (is_transaction_control(st.text))
            throw MigrationSetError(file.string() + ":" + std::to_string(st.line) +
                                    ": the script holds its own " + first_keyword(st.text) +
                                    "; remove it, the runner owns transactions");
    script.checksum = sha256_hex(script.text);
    return script;
}

// up.<dialect>.sql when present, else up.sql; error naming both when neither exists.
fs::path choose(fs::path const& folder, std::string const& kind, std::string const& dialect) {
    fs::path specific = folder / (kind + "." + dialect + ".sql");
    if (fs::is_regular_file(specific)) return specific;
    fs::path generic = folder / (kind + ".sql");
    if (fs::is_regular_file(generic)) return generic;
    throw MigrationSetError(folder.string() + ": no " + kind + ".sql (or " + specific.filename().string() +
                            ")");
}

bool inside(fs::path const& root, fs::path const& target) {
    auto r = root.begin(), t = target.begin();
    for (; r != root.end(); ++r, ++t)
        if (t == target.end() || *r != *t) return false;
    return true;
}

} // namespace

bool Loader::is_migration_folder_name(std::string const& name) {
    std::size_t i = 0;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])))
        ++i;
    return i > 0 && i + 1 < name.size() && name[i] == '_';
}

MigrationSet Loader::load(fs::path const& dir, std::string const& dialect, SqlFlavor flavor) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw MigrationSetError(dir.string() + ": migrations directory not found");
    fs::path const root = fs::canonical(dir);

    std::vector<Migration> migrations;
    for (auto const& entry : fs::directory_iterator(dir)) {
        std::string const name = entry.path().filename().string();
        // Plain files (a README) and hidden folders (.git, an editor's) are not migrations.
        if (!entry.is_directory() || name.front() == '.') continue;
        if (entry.is_symlink() && !inside(root, fs::canonical(entry.path())))
            throw MigrationSetError(entry.path().string() +
                                    ": symbolic link leads outside the migrations directory");
        if (!is_migration_folder_name(name))
            throw MigrationSetError(
                entry.path().string() +
                ": not a migration folder name (expected <version>_<name>, e.g. 0001_create_users)");
        std::string const digits = name.substr(0, name.find('_'));
        Migration m;
        try {
            m.version = Version{std::stoll(digits)};
        } catch (std::out_of_range const&) {
            throw MigrationSetError(entry.path().string() + ": version " + digits + " is too large");
        }
        if (m.version.value <= 0)
            throw MigrationSetError(entry.path().string() + ": version must be positive");
        m.name = name.substr(digits.size() + 1);
        m.folder = name;
        migrations.push_back(std::move(m));
    }
    std::sort(migrations.begin(), migrations.end(), [](Migration const& a, Migration const& b) {
        return a.version < b.version || (a.version == b.version && a.folder < b.folder);
    });
    for (std::size_t i = 1; i < migrations.size(); ++i)
        if (migrations[i].version == migrations[i - 1].version)
            throw MigrationSetError((dir / migrations[i].folder).string() + ": duplicate version " +
                                    std::to_string(migrations[i].version.value) + " (also " +
                                    migrations[i - 1].folder + ")");

    for (auto& m : migrations) {
        fs::path const folder = dir / m.folder;
        if (fs::path yaml = folder / "migration.yaml"; fs::exists(yaml)) {
            Metadata meta = read_metadata(yaml);
            m.description = std::move(meta.description);
            m.transactional = meta.transactional;
            m.dialects = std::move(meta.dialects);
        }
        m.for_this_dialect = m.dialects.empty() ||
                             std::find(m.dialects.begin(), m.dialects.end(), dialect) != m.dialects.end();
        if (!m.for_this_dialect) continue;
        m.up = read_script(choose(folder, "up", dialect), flavor);
        m.down = read_script(choose(folder, "down", dialect), flavor);
    }
    return MigrationSet(std::move(migrations));
}

} // namespace migrator
