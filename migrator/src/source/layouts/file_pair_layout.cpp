// golang-migrate's and sqlx's flat layouts: {version}_{title}.up.sql / .down.sql side by side,
// keyed on version and direction (an up and its down may have different titles; a missing down
// makes the migration irreversible). sqlx adds popx's per-dialect files
// ({version}_{name}.{dialect}.up.sql), simple irreversible files ({version}_{name}.sql) and the
// "-- no-transaction" first line.

#include <algorithm>
#include <map>
#include <optional>

#include "migrator/errors.hpp"
#include "source/layout.hpp"
#include "source/script_builder.hpp"

namespace migrator {

namespace {

struct FileName {
    std::string digits;
    std::string title;
    std::string kind;    // "up", "down", or "" for a simple sqlx file
    std::string dialect; // popx's infix, as migrator names it; "" for every dialect
};

} // namespace

// Detection's question: is this infix a database? A registered dialect's name or alias, or
// another database popx knows; otherwise it may be part of a golang-migrate title
// ("1_add.some.dots.up.sql").
std::optional<std::string> popx_dialect(std::string const& infix, DialectNames const& dialects) {
    if (auto it = dialects.aliases.find(infix); it != dialects.aliases.end()) return it->second;
    if (infix == "mysql" || infix == "cockroach") return infix;
    return std::nullopt;
}

namespace {

std::size_t digits_at_start(std::string const& name) {
    std::size_t i = 0;
    while (i < name.size() && name[i] >= '0' && name[i] <= '9')
        ++i;
    return i;
}

// nullopt for a name that is not {digits}_{title}.{up|down}.sql (nor, with sqlx, {digits}_{name}.sql).
std::optional<FileName> parse_name(std::string const& name, bool sqlx, DialectNames const& dialects) {
    std::size_t const digits = digits_at_start(name);
    if (digits == 0 || digits >= name.size() || name[digits] != '_') return std::nullopt;
    auto ends_with = [&](std::string const& tail) {
        return name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    FileName f;
    f.digits = name.substr(0, digits);
    std::string stem;
    if (ends_with(".up.sql")) {
        f.kind = "up";
        stem = name.substr(digits + 1, name.size() - digits - 1 - 7);
    } else if (ends_with(".down.sql")) {
        f.kind = "down";
        stem = name.substr(digits + 1, name.size() - digits - 1 - 9);
    } else if (sqlx && ends_with(".sql")) {
        stem = name.substr(digits + 1, name.size() - digits - 1 - 4);
    } else {
        return std::nullopt;
    }
    if (sqlx) {
        // popx's rule: a name without dots, then the database it is for.
        std::size_t const dot = stem.find('.');
        if (dot != std::string::npos && stem.find('.', dot + 1) == std::string::npos &&
            stem.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789", dot + 1) == std::string::npos) {
            std::string const infix = stem.substr(dot + 1);
            auto const alias = dialects.aliases.find(infix);
            f.dialect = alias != dialects.aliases.end() ? alias->second : infix;
            stem.resize(dot);
        }
    }
    f.title = stem;
    return f;
}

struct Files {
    std::string title;                                   // the up's (or the first file's)
    std::string label;                                   // {version}_{title}
    std::string down_title;                              // the down's, which may differ
    std::map<std::string, std::string> up, down, simple; // dialect ("" = all) -> file name
};

class FilePairLayout final : public Layout {
public:
    explicit FilePairLayout(Format format) : format_(format) {}
    Format format() const override { return format_; }

    // golang-migrate: NNNNNN_name.up.sql and .down.sql (`create -seq`'s six digits), or a timestamp
    // when the set has them; sqlx: a timestamp unless the set counts in sequence, and a pair
    // (`migrate add -r`) unless the set holds simple files only.
    Scaffold scaffold(Entries const& entries, std::string const& name, NewVersion style,
                      std::string const& utc_now) const override {
        std::vector<std::string> versions;
        bool simple = false, pairs = false;
        for (auto const& e : entries) {
            std::size_t const digits = digits_at_start(e.name);
            if (e.directory || digits == 0 || !e.name.ends_with(".sql")) continue;
            versions.push_back(e.name.substr(0, digits));
            (e.name.ends_with(".up.sql") || e.name.ends_with(".down.sql") ? pairs : simple) = true;
        }
        bool const sqlx = format_ == Format::sqlx;
        std::string const stem = next_version(versions, style, sqlx, sqlx ? 1 : 6, utc_now) + "_" + name;
        if (sqlx && simple && !pairs) return {{{stem + ".sql", scaffold_up(name)}}};
        return {{{stem + ".up.sql", scaffold_up(name)}, {stem + ".down.sql", scaffold_down(name)}}};
    }

    LayoutContents read(MigrationSource::Tree const& tree, Entries const& entries, Dialect const& dialect,
                        DialectNames const& dialects, LoadScope) const override {
        bool const sqlx = format_ == Format::sqlx;
        std::string const tool(format_name(format_));
        std::map<std::string, Files> by_version; // keyed by the digits as written
        for (auto const& entry : entries) {
            if (entry.name.empty() || entry.name.front() == '.') continue;
            std::string const shown = printable(tree.display("", entry.name), 300);
            if (entry.directory)
                throw MigrationSetError(shown + ": a folder in a " + tool +
                                        " set (its migrations are files)");
            auto parsed = parse_name(entry.name, sqlx, dialects);
            if (!parsed) {
                if (entry.name.size() > 4 && entry.name.ends_with(".sql"))
                    throw MigrationSetError(shown + ": not a " + tool + " migration file name (expected " +
                                            (sqlx ? "{version}_{name}.up.sql, .down.sql or .sql"
                                                  : "{version}_{title}.up.sql and .down.sql") +
                                            ")");
                continue; // a README, a .gitkeep
            }
            check_migration_name(parsed->title, shown);
            Files& files = by_version[parsed->digits];
            auto& slot = parsed->kind == "up" ? files.up : parsed->kind == "down" ? files.down : files.simple;
            // One file per version, direction and database: a second is a duplicate, whatever its title.
            if (auto const it = slot.find(parsed->dialect); it != slot.end())
                throw MigrationSetError(shown + ": duplicate version " + parsed->digits + " (also " +
                                        it->second + ")");
            slot[parsed->dialect] = entry.name;
            if (parsed->kind == "down") files.down_title = parsed->title;
            if (files.label.empty() || parsed->kind != "down") {
                files.title = parsed->title;
                files.label = parsed->digits + "_" + parsed->title;
            }
        }
        LayoutContents out;
        for (auto& [digits, files] : by_version)
            out.migrations.push_back(make(tree, digits, files, dialect, out.warnings));
        return out;
    }

private:
    Migration make(MigrationSource::Tree const& tree, std::string const& digits, Files const& files,
                   Dialect const& dialect, std::vector<SetWarning>& warnings) const {
        Migration m;
        m.folder = files.label;
        m.name = files.title;
        std::string const shown = tree.display("", files.label);
        m.version = parse_version(digits, shown);
        if (m.version.value <= 0) throw MigrationSetError(shown + ": version must be positive");
        if (!files.simple.empty() && (!files.up.empty() || !files.down.empty()))
            throw MigrationSetError(tree.display("", files.simple.begin()->second) + ":1: version " + digits +
                                    " has both a simple .sql file and .up.sql/.down.sql files");
        for (auto const& [d, down] : files.down)
            if (!files.up.count(d) && !files.up.count("") && (!d.empty() || files.up.empty()))
                throw MigrationSetError(tree.display("", down) + ":1: no matching up (" + digits +
                                        "_*.up.sql) for this down");
        std::string const own(dialect.name());
        auto pick = [&](std::map<std::string, std::string> const& map) -> std::string const* {
            if (auto it = map.find(own); it != map.end()) return &it->second;
            if (auto it = map.find(""); it != map.end()) return &it->second;
            return nullptr;
        };
        auto const& ups = files.simple.empty() ? files.up : files.simple;
        std::string const* up = pick(ups);
        if (!up) {
            // Only other dialects' files: like a migration.yaml `dialects:` list.
            for (auto const& [d, _] : ups)
                m.dialects.push_back(d);
            m.for_this_dialect = false;
            return m;
        }
        auto text = tree.read("", *up);
        if (!text) throw MigrationSetError(tree.display("", *up) + ": disappeared while being read");
        // sqlx runs a file whose first line is "-- no-transaction" outside a transaction.
        if (format_ == Format::sqlx && text->rfind("-- no-transaction", 0) == 0) m.transactional = false;
        bool const bare = format_ == Format::golang_migrate; // golang-migrate wraps nothing itself
        auto source = [&](std::string const& file, std::string body) {
            ScriptSource s{tree.display("", file), std::move(body), 1, {}, bare};
            s.own_transaction_runs_as_written = true;
            return s;
        };
        m.up = build_script(source(*up, std::move(*text)), dialect, Direction::up);
        std::string const* down = files.simple.empty() ? pick(files.down) : nullptr;
        if (down) {
            auto down_text = tree.read("", *down);
            if (!down_text)
                throw MigrationSetError(tree.display("", *down) + ": disappeared while being read");
            m.down = build_script(source(*down, std::move(*down_text)), dialect, Direction::down);
            // golang-migrate keys on version and direction: titles may differ, which is worth a word.
            if (files.down_title != files.title)
                warnings.push_back({"titles-differ", m.version,
                                    tree.display("", *down) + ": its title differs from its up's (" + *up +
                                        "); they are one migration, version " + digits});
        }
        if (bare) infer_transaction(m, dialect);
        settle_foreign_migration(m, down != nullptr, warnings);
        return m;
    }

    Format format_;
};

} // namespace

Layout const& golang_migrate_layout() {
    static FilePairLayout const layout(Format::golang_migrate);
    return layout;
}

Layout const& sqlx_layout() {
    static FilePairLayout const layout(Format::sqlx);
    return layout;
}

} // namespace migrator
