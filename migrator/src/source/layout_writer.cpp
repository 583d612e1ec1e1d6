// `import --to`: another tool's set written in migrator's own layout. The scripts are written as
// loaded, so that the converted set has the same checksums as the set read in place.

#include <algorithm>
#include <map>

#include "migrator/dialect_registry.hpp"
#include "migrator/errors.hpp"
#include "migrator/migration_source.hpp"
#include "migrator/text_file.hpp"
#include "model/owned_temp_dir.hpp"
#include "source/layout.hpp"

namespace fs = std::filesystem;

namespace migrator {

namespace {

using PerDialect = std::map<std::string, Migration const*>; // dialect -> its view of one migration

std::string folder_for(Migration const& m) {
    // Keep the tool's own name when it is already <digits>_<name> with the same version
    // ("000002_add_x"); otherwise write the stored version ("10100_create_b" for Flyway's V1.1).
    if (is_migration_folder_name(m.folder) && m.folder.find_first_of("-.") > m.folder.find('_') &&
        std::stoll(m.folder.substr(0, m.folder.find('_'))) == m.version.value)
        return m.folder;
    return std::to_string(m.version.value) + "_" + (m.name.empty() ? "migration" : m.name);
}

std::string yaml_list(std::vector<std::string> const& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + items[i];
    return out + "]";
}

// Writes <kind>.sql when every dialect's script is the same text, else <kind>.<dialect>.sql.
void write_scripts(fs::path const& folder, PerDialect const& views, Direction d) {
    std::string const kind = d == Direction::up ? "up" : "down";
    auto text_of = [d](Migration const& m) {
        Script const& s = m.script(d);
        if (d == Direction::down && s.statements.empty() && s.text.empty())
            return std::string("-- no down script in the source set: rolling back changes nothing\n");
        return s.text;
    };
    std::string const& first = text_of(*views.begin()->second);
    bool same = true;
    for (auto const& [_, m] : views)
        same = same && text_of(*m) == first;
    if (same) {
        write_text_file(folder / (kind + ".sql"), first);
        return;
    }
    for (auto const& [dialect, m] : views)
        write_text_file(folder / (kind + "." + dialect + ".sql"), text_of(*m));
}

std::string metadata(PerDialect const& views, std::vector<std::string> const& all) {
    std::string yaml;
    bool same = true;
    for (auto const& [_, m] : views)
        same = same && m->transactional == views.begin()->second->transactional;
    if (same && !views.begin()->second->transactional) yaml += "transaction: false\n";
    if (!same) {
        yaml += "transaction: {";
        bool comma = false;
        for (auto const& [dialect, m] : views) {
            yaml += std::string(comma ? ", " : "") + dialect + ": " + (m->transactional ? "true" : "false");
            comma = true;
        }
        yaml += "}\n";
    }
    if (views.size() != all.size()) {
        std::vector<std::string> present;
        for (auto const& [dialect, _] : views)
            present.push_back(dialect);
        yaml += "dialects: " + yaml_list(present) + "\n";
    }
    return yaml;
}

} // namespace

std::vector<std::string> write_migrator_layout(MigrationSource const& source, DialectRegistry const& dialects,
                                               fs::path const& to) {
    std::error_code ec;
    if (fs::exists(to, ec) && (!fs::is_directory(to, ec) || !fs::is_empty(to, ec)))
        throw UsageError(to.string() + " already exists and is not an empty directory");
    // Read for the dialects its content loads for: another tool's PostgreSQL set is not SQLite's.
    std::vector<std::string> names;
    for (auto const& [name, error] : source.dialects_it_loads_for(dialects))
        if (error.empty()) names.push_back(name);
    std::vector<MigrationSet> sets;
    sets.reserve(names.size());
    for (auto const& name : names)
        sets.push_back(source.load(dialects.get(name), dialects));
    std::map<Version, PerDialect> by_version;
    for (std::size_t i = 0; i < names.size(); ++i)
        for (auto const& m : sets[i].migrations())
            if (m.for_this_dialect) by_version[m.version][names[i]] = &m;
    std::vector<std::string> written;
    // Written in a folder of its own beside `to`, renamed into place when whole: a failed or
    // killed import leaves no partial set where the next command would read it.
    fs::path const target = to.filename().empty() ? to.parent_path() : to; // "out/" is "out"
    fs::path const parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    if (ec) throw FileError(parent.string() + ": cannot be created: " + ec.message());
    OwnedTempDir staging(parent, "." + target.filename().string() + ".migrator-import-");
    for (auto const& [version, views] : by_version) {
        std::string const folder = folder_for(*views.begin()->second);
        fs::create_directory(staging.path() / folder, ec);
        if (ec) throw FileError((to / folder).string() + ": cannot be created: " + ec.message());
        write_scripts(staging.path() / folder, views, Direction::up);
        write_scripts(staging.path() / folder, views, Direction::down);
        if (std::string const yaml = metadata(views, dialects.names()); !yaml.empty())
            write_text_file(staging.path() / folder / "migration.yaml", yaml);
        written.push_back(folder);
    }
    staging.rename_to(target);
    return written;
}

std::vector<std::string> scaffold_migration(MigrationSource const& source, DialectRegistry const& dialects,
                                            std::string const& name, NewVersion style,
                                            std::string const& utc_now) {
    auto const& tree = source.tree();
    fs::path const dir = tree.directory();
    std::error_code ec;
    Layout::Entries entries;
    if (fs::exists(dir, ec)) entries = tree.entries();
    std::sort(entries.begin(), entries.end(), [](auto const& a, auto const& b) { return a.name < b.name; });
    Format format = source.options().format;
    // The set's own layout, so that the directory never mixes two (detection refuses a mix).
    if (format == Format::detect)
        format = Layout::detect(tree, entries, {dialects.names(), dialects.file_aliases()});
    auto const scaffold = Layout::of(format).scaffold(entries, name, style, utc_now);
    // What it makes at the top (a file, or a migration's folder) must be new.
    for (auto const& [file, _] : scaffold.files)
        if (fs::path const top = dir / file.substr(0, file.find('/')); fs::exists(top, ec))
            throw UsageError(top.string() + " already exists");
    std::vector<std::string> written;
    for (auto const& [file, text] : scaffold.files) {
        fs::create_directories((dir / file).parent_path(), ec);
        if (ec) throw FileError((dir / file).parent_path().string() + ": cannot be created: " + ec.message());
        write_text_file(dir / file, text);
        written.push_back((dir / file).string());
    }
    return written;
}

} // namespace migrator
