#include "layout.hpp"

#include <map>
#include <regex>

#include "migrator/errors.hpp"
#include "script_builder.hpp"

namespace migrator {

namespace {

// What one top-level entry's name says about the layout, before any file is read.
enum class Kind { none, folder, diesel_folder, flyway, file_pair, popx_file, numbered_sql, go_file };

Kind kind_of(MigrationSource::Tree::Entry const& e, DialectNames const& dialects) {
    static std::regex const diesel(
        R"(^(\d{4}-\d{2}-\d{2}-\d{6}(-\d{4})?_.+|00000000000000_diesel_initial_setup)$)");
    static std::regex const flyway(R"(^([VU][0-9][0-9._]*__.+|R__.+|B[0-9][0-9._]*__.+)\.sql$)");
    static std::regex const popx(R"(^\d+_[^.]+\.([a-z0-9]+)\.(up|down)\.sql$)");
    static std::regex const pair(R"(^\d+_.*\.(up|down)\.sql$)");
    static std::regex const numbered(R"(^\d+.*\.sql$)");
    static std::regex const go(R"(^\d+_.+\.go$)");
    if (e.name.empty() || e.name.front() == '.') return Kind::none;
    if (e.directory) return std::regex_match(e.name, diesel) ? Kind::diesel_folder : Kind::folder;
    if (std::regex_match(e.name, flyway)) return Kind::flyway;
    if (std::smatch m; std::regex_match(e.name, m, popx) && popx_dialect(m[1], dialects))
        return Kind::popx_file;
    if (std::regex_match(e.name, pair)) return Kind::file_pair;
    if (std::regex_match(e.name, numbered)) return Kind::numbered_sql;
    if (std::regex_match(e.name, go)) return Kind::go_file;
    return Kind::none;
}

// dbmate and goose files share their names; their markers tell them apart. A numbered .sql
// file with neither is sqlx's simple (irreversible) kind.
Format by_markers(std::string const& text) {
    static std::regex const goose(R"((^|\n)[ \t]*--[ \t]*\+goose[ \t]+[Uu][Pp])");
    static std::regex const dbmate(R"((^|\n)--[ \t]*migrate:up)");
    if (std::regex_search(text, goose)) return Format::goose;
    if (std::regex_search(text, dbmate)) return Format::dbmate;
    return Format::sqlx;
}

} // namespace

Layout const& Layout::of(Format format) {
    switch (format) {
    case Format::golang_migrate:
        return golang_migrate_layout();
    case Format::sqlx:
        return sqlx_layout();
    case Format::dbmate:
        return dbmate_layout();
    case Format::goose:
        return goose_layout();
    case Format::diesel:
        return diesel_layout();
    case Format::flyway:
        return flyway_layout();
    case Format::migrator:
    case Format::detect:
        break;
    }
    return migrator_layout();
}

Format Layout::detect(MigrationSource::Tree const& tree, Entries const& entries,
                      DialectNames const& dialects) {
    // The layouts seen, each with the first entry that showed it (for the message).
    std::map<Format, std::string> seen;
    std::vector<std::string> unknown_sql;
    auto see = [&](Format f, std::string const& name) { seen.emplace(f, name); };
    bool diesel_folder = false;
    std::vector<std::string> folders;
    for (auto const& e : entries) {
        switch (kind_of(e, dialects)) {
        case Kind::folder:
            folders.push_back(e.name);
            break;
        case Kind::diesel_folder:
            folders.push_back(e.name);
            diesel_folder = true;
            break;
        case Kind::flyway:
            see(Format::flyway, e.name);
            break;
        case Kind::popx_file:
            see(Format::sqlx, e.name);
            break;
        case Kind::file_pair:
            see(Format::golang_migrate, e.name);
            break;
        case Kind::go_file:
            see(Format::goose, e.name);
            break;
        case Kind::numbered_sql:
            if (auto text = tree.read("", e.name)) see(by_markers(*text), e.name);
            break;
        case Kind::none:
            if (!e.directory && e.name.ends_with(".sql")) unknown_sql.push_back(e.name);
            break;
        }
    }
    if (!folders.empty()) see(diesel_folder ? Format::diesel : Format::migrator, folders.front());
    // popx's per-dialect files sit beside plain pairs: one sqlx set. A simple sqlx file beside
    // pairs is sqlx too.
    if (seen.count(Format::sqlx) && seen.count(Format::golang_migrate)) seen.erase(Format::golang_migrate);
    if (seen.size() > 1) {
        std::string what;
        for (auto const& [format, example] : seen)
            what += (what.empty() ? "" : " and ") + std::string(format_name(format)) + " (" +
                    printable(example) + ")";
        throw MigrationSetError(tree.display() + ": mixes two layouts: " + what +
                                "; keep one tool's migrations per directory, or pass --format");
    }
    if (seen.empty() && !unknown_sql.empty())
        throw MigrationSetError(tree.display() + ": no migrations found: " + printable(unknown_sql.front()) +
                                (unknown_sql.size() > 1
                                     ? " and " + std::to_string(unknown_sql.size() - 1) + " more match"
                                     : " matches") +
                                " no layout (pass --format, or see README \"Switching from another tool\")");
    return seen.empty() ? Format::migrator : seen.begin()->first;
}

} // namespace migrator
