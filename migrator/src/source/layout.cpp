#include "source/layout.hpp"

#include <map>
#include <regex>

#include "migrator/errors.hpp"
#include "source/script_builder.hpp"

namespace migrator {

namespace {

// What one top-level entry's name says about the layout, before any file is read.
enum class Kind { none, folder, diesel_folder, flyway, file_pair, popx_file, numbered_sql, go_file };

std::size_t leading_digits(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        ++i;
    return i;
}

// `s` starts with `pattern`, where 'd' stands for a digit and any other character for itself.
bool starts_like(std::string_view s, std::string_view pattern) {
    if (s.size() < pattern.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i)
        if (pattern[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pattern[i]) return false;
    return true;
}

bool is_diesel_folder(std::string_view n) {
    if (n == "00000000000000_diesel_initial_setup") return true;
    if (!starts_like(n, "dddd-dd-dd-dddddd")) return false;
    std::size_t at = 17;
    if (starts_like(n.substr(at), "-dddd")) at += 5;
    return n.size() > at + 1 && n[at] == '_';
}

// V{version}__{description}.sql, U..., B..., R__{description}.sql
bool is_flyway_file(std::string_view n) {
    if (!n.ends_with(".sql")) return false;
    std::string_view const stem = n.substr(0, n.size() - 4);
    if (stem.starts_with("R__")) return stem.size() > 3;
    if (stem.empty() || (stem[0] != 'V' && stem[0] != 'U' && stem[0] != 'B')) return false;
    std::size_t const sep = stem.find("__");
    if (sep == std::string_view::npos || sep < 2 || sep + 2 >= stem.size()) return false;
    std::string_view const version = stem.substr(1, sep - 1);
    return version[0] >= '0' && version[0] <= '9' &&
           version.find_first_not_of("0123456789._") == std::string_view::npos;
}

// Hand-written matchers, not std::regex: compiling a handful of regular expressions cost about
// 5 M instructions, on every no-op `up` a deploy runs.
Kind kind_of(MigrationSource::Tree::Entry const& e, DialectNames const& dialects) {
    std::string_view const n = e.name;
    if (n.empty() || n.front() == '.') return Kind::none;
    if (e.directory) return is_diesel_folder(n) ? Kind::diesel_folder : Kind::folder;
    if (is_flyway_file(n)) return Kind::flyway;
    std::size_t const digits = leading_digits(n);
    if (digits == 0) return Kind::none;
    bool const underscore = digits < n.size() && n[digits] == '_';
    if (underscore && (n.ends_with(".up.sql") || n.ends_with(".down.sql"))) {
        // popx: {digits}_{name without dots}.{database}.up.sql
        std::string_view const stem =
            n.substr(digits + 1, n.size() - digits - 1 - (n.ends_with(".up.sql") ? 7 : 9));
        std::size_t const dot = stem.find('.');
        if (dot != std::string_view::npos && dot > 0 && stem.find('.', dot + 1) == std::string_view::npos &&
            popx_dialect(std::string(stem.substr(dot + 1)), dialects))
            return Kind::popx_file;
        return Kind::file_pair;
    }
    if (n.ends_with(".sql")) return Kind::numbered_sql;
    if (underscore && n.ends_with(".go") && n.size() > digits + 4) return Kind::go_file;
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
                                "; keep one tool's migrations per directory, or name the format");
    }
    if (seen.empty() && !unknown_sql.empty())
        throw MigrationSetError(tree.display() + ": no migrations found: " + printable(unknown_sql.front()) +
                                (unknown_sql.size() > 1
                                     ? " and " + std::to_string(unknown_sql.size() - 1) + " more match"
                                     : " matches") +
                                " no layout (name the format, or see docs/switching/index.md)");
    return seen.empty() ? Format::migrator : seen.begin()->first;
}

} // namespace migrator

namespace migrator {

std::string next_version(std::vector<std::string> const& versions, NewVersion style,
                         bool timestamp_by_default, std::size_t width, std::string const& utc_now) {
    std::int64_t highest = 0;
    std::size_t widest = 0;
    bool sequence = false;
    for (auto const& v : versions) {
        if (v.empty() || v.size() > 18) continue;
        std::int64_t const value = std::stoll(v);
        highest = std::max(highest, value);
        widest = std::max(widest, v.size());
        sequence = sequence || value < 100'000'000'000; // fewer than 12 digits: not a timestamp
    }
    if (style == NewVersion::timestamp ||
        (style == NewVersion::tool_default && timestamp_by_default && !sequence)) {
        std::int64_t const now = std::stoll(utc_now);
        return std::to_string(highest >= now ? highest + 1 : now);
    }
    std::string next = std::to_string(highest + 1);
    std::size_t const pad = versions.empty() ? width : widest;
    if (next.size() < pad) next.insert(0, pad - next.size(), '0');
    return next;
}

std::string scaffold_up(std::string const& name) {
    return "-- " + name + ": the change. Write the SQL here.\n";
}

std::string scaffold_down(std::string const& name) {
    return "-- " + name + ": undo exactly what the up does.\n";
}

} // namespace migrator
