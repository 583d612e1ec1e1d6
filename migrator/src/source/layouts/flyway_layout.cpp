// Flyway's layout: V{version}__{description}.sql, an optional undo U{version}__{description}.sql
// (a versioned migration without one is irreversible), repeatable R__{description}.sql files (run
// after the versioned ones whenever they change), and an optional {file}.conf beside a script
// saying executeInTransaction=false. Versions are dotted ("1", "1.1", "2.0.3", "1_1"), shown and
// accepted as Flyway writes them, ordered segment by segment as Flyway orders them, and stored
// as one 64-bit integer: first * 10^4 + second * 10^2 + third (README "Switching from another
// tool": at most three segments, the second and third at most 99). Baseline (B) migrations and
// callbacks are refused.

#include <algorithm>
#include <cctype>
#include <map>

#include "migrator/errors.hpp"
#include "source/layout.hpp"
#include "source/layouts/numbered_files.hpp"
#include "source/script_builder.hpp"

namespace migrator {

namespace {

constexpr std::int64_t max_first_segment = 922337203685477; // (2^63 - 1) / 10^4

struct ScriptName {
    char kind = 0;           // 'V' or 'U'
    std::string version;     // as written
    std::string description; // as written (underscores kept)
};

std::optional<ScriptName> parse_name(std::string const& file) {
    if (file.size() < 8 || !file.ends_with(".sql") || (file[0] != 'V' && file[0] != 'U')) return std::nullopt;
    std::size_t const sep = file.find("__");
    if (sep == std::string::npos || sep < 2) return std::nullopt;
    ScriptName n{file[0], file.substr(1, sep - 1), file.substr(sep + 2, file.size() - sep - 2 - 4)};
    if (n.version.find_first_not_of("0123456789._") != std::string::npos) return std::nullopt;
    return n;
}

} // namespace

Version flyway_version(std::string const& written, std::string const& shown) {
    std::vector<std::int64_t> segments;
    std::string segment;
    auto push = [&] {
        if (segment.empty())
            throw MigrationSetError(shown + ": version '" + written + "' has an empty segment");
        if (segment.size() > 15 || std::stoll(segment) > (segments.empty() ? max_first_segment : 99))
            throw MigrationSetError(shown + ": version '" + written +
                                    "' is outside what migrator stores (at most three segments; the first at "
                                    "most 922337203685477, the second and third at most 99)");
        segments.push_back(std::stoll(segment));
        segment.clear();
    };
    for (char c : written) {
        if (c == '.' || c == '_')
            push();
        else
            segment += c;
    }
    push();
    if (segments.size() > 3)
        throw MigrationSetError(shown + ": version '" + written + "' has " + std::to_string(segments.size()) +
                                " segments; migrator stores at most three (docs/switching/flyway.md)");
    segments.resize(3, 0);
    std::int64_t const value = segments[0] * 10000 + segments[1] * 100 + segments[2];
    if (value <= 0) throw MigrationSetError(shown + ": version must be positive");
    return Version{value};
}

namespace {

// A script's .conf: Java properties; only executeInTransaction is understood.
bool read_conf(std::string const& text, std::string const& shown) {
    bool transactional = true;
    for_each_line(text, [&](Line const& line) {
        std::string s(line.text);
        s.erase(0, s.find_first_not_of(" \t\r"));
        if (s.empty() || s[0] == '#' || s[0] == '!') return;
        std::size_t const eq = s.find_first_of("=:");
        std::string key = s.substr(0, eq), value = eq == std::string::npos ? "" : s.substr(eq + 1);
        key.erase(key.find_last_not_of(" \t\r") + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        value.erase(value.find_last_not_of(" \t\r") + 1);
        std::string const where = shown + ":" + std::to_string(line.number);
        if (key != "executeInTransaction")
            throw MigrationSetError(where + ": unknown key '" + printable(key) +
                                    "' (migrator reads executeInTransaction)");
        if (value != "true" && value != "false")
            throw MigrationSetError(where + ": executeInTransaction must be true or false");
        transactional = value == "true";
    });
    return transactional;
}

struct Pair {
    std::string up, down, label;
    Version version;
    std::string written; // the version as Flyway shows it
    std::string description;
};

// "1_1" and "1.1" are the same version, which Flyway shows as "1.1".
std::string dotted(std::string version) {
    std::replace(version.begin(), version.end(), '_', '.');
    return version;
}

class FlywayLayout final : public Layout {
public:
    Format format() const override { return Format::flyway; }

    // V<next>__name.sql, the next major version.
    Scaffold scaffold(Entries const& entries, std::string const& name, NewVersion,
                      std::string const&) const override {
        std::int64_t major = 0;
        for (auto const& e : entries)
            if (auto parsed = parse_name(e.name); parsed && parsed->kind == 'V') {
                std::string const first = parsed->version.substr(0, parsed->version.find_first_of("._"));
                if (!first.empty() && first.size() <= 15)
                    major = std::max<std::int64_t>(major, std::stoll(first));
            }
        return {{{"V" + std::to_string(major + 1) + "__" + name + ".sql", scaffold_up(name)}}};
    }

    LayoutContents read(MigrationSource::Tree const& tree, Entries const& entries, Dialect const& dialect,
                        DialectNames const&, LoadScope) const override {
        std::map<std::int64_t, Pair> pairs;
        std::map<std::string, bool> confs;
        std::map<std::string, std::string> repeatables; // description -> file
        for (auto const& entry : entries) {
            std::string const& name = entry.name;
            if (name.empty() || name.front() == '.') continue;
            std::string const shown = printable(tree.display("", name), 300);
            if (entry.directory)
                throw MigrationSetError(shown + ": a folder in a Flyway set (its migrations are files)");
            if (name.ends_with(".sql.conf")) {
                confs[name] = true;
                continue;
            }
            if (!name.ends_with(".sql")) continue; // a README
            if (name.rfind("R__", 0) == 0) {
                std::string const description = name.substr(3, name.size() - 3 - 4);
                check_migration_name(description, shown);
                // Flyway shows "R__create_views" as "create views": two files it would show alike collide.
                std::string key = description;
                std::replace(key.begin(), key.end(), '_', ' ');
                std::transform(key.begin(), key.end(), key.begin(),
                               [](unsigned char c) { return std::tolower(c); });
                if (auto const [it, fresh] = repeatables.emplace(key, name); !fresh)
                    throw MigrationSetError(shown + ": a repeatable migration named like " + it->second +
                                            " (Flyway tells them apart by description alone)");
                continue;
            }
            auto parsed = parse_name(name);
            if (!parsed)
                throw MigrationSetError(shown +
                                        ": not a Flyway migration (expected V{version}__{description}.sql, "
                                        "U{version}__{description}.sql or R__{description}.sql; baseline "
                                        "migrations and callbacks are not supported)");
            check_migration_name(parsed->description, shown);
            Version const v = flyway_version(parsed->version, shown);
            Pair& p = pairs[v.value];
            std::string& slot = parsed->kind == 'V' ? p.up : p.down;
            if (!slot.empty())
                throw MigrationSetError(shown + ": duplicate version " + dotted(parsed->version) + " (also " +
                                        slot + ")");
            slot = name;
            if (parsed->kind == 'V' || p.label.empty()) {
                p.label = "V" + parsed->version + "__" + parsed->description;
                p.version = v;
                p.written = dotted(parsed->version);
                p.description = parsed->description;
            }
        }
        for (auto const& [conf, _] : confs) {
            std::string const script = conf.substr(0, conf.size() - 5);
            auto parsed = parse_name(script);
            bool const repeatable = script.rfind("R__", 0) == 0 && tree.exists("", script);
            if (!repeatable && (!parsed || !pairs.count(flyway_version(parsed->version, conf).value)))
                throw MigrationSetError(tree.display("", conf) + ": no migration " + script + " beside it");
        }
        auto read = [&](std::string const& file) {
            auto text = tree.read("", file);
            if (!text) throw MigrationSetError(tree.display("", file) + ": disappeared while being read");
            return std::move(*text);
        };
        auto source = [&](std::string const& file) {
            ScriptSource s{tree.display("", file), read(file), 1, {}};
            s.own_transaction_runs_as_written = true;
            return s;
        };
        LayoutContents out;
        for (auto const& [_, p] : pairs) {
            if (p.up.empty())
                throw MigrationSetError(tree.display("", p.down) + ":1: an undo script without its V script");
            Migration m;
            m.version = p.version;
            m.version_text = p.written;
            m.name = p.description;
            m.folder = p.label;
            if (confs.count(p.up + ".conf"))
                m.transactional = read_conf(read(p.up + ".conf"), tree.display("", p.up + ".conf"));
            m.up = build_script(source(p.up), dialect, Direction::up);
            if (!p.down.empty()) m.down = build_script(source(p.down), dialect, Direction::down);
            // Flyway runs a script holding CREATE INDEX CONCURRENTLY and the like outside a
            // transaction by itself; so does migrator, unless its .conf said otherwise.
            if (!confs.count(p.up + ".conf")) infer_transaction(m, dialect);
            settle_foreign_migration(m, !p.down.empty(), out.warnings);
            out.migrations.push_back(std::move(m));
        }
        for (auto const& [_, file] : repeatables) {
            Migration r;
            r.repeatable = true;
            r.folder = file.substr(0, file.size() - 4);
            r.name = file.substr(3, file.size() - 3 - 4);
            r.version = repeatable_version(r.folder);
            r.up = build_script(source(file), dialect, Direction::up);
            if (confs.count(file + ".conf"))
                r.transactional = read_conf(read(file + ".conf"), tree.display("", file + ".conf"));
            else
                infer_transaction(r, dialect);
            run_own_transaction_as_written(r);
            r.irreversible = true;
            r.irreversible_why = "a repeatable migration";
            out.repeatables.push_back(std::move(r));
        }
        return out;
    }
};

} // namespace

Layout const& flyway_layout() {
    static FlywayLayout const layout;
    return layout;
}

} // namespace migrator
