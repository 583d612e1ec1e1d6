#include "source/foreign_history.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "migrator/dialect.hpp"
#include "migrator/errors.hpp"
#include "source/layout.hpp"

namespace migrator {

namespace {

// Booleans as SQLite (1/0) and PostgreSQL's text form (t/f) print them.
bool truthy(std::string const& s) {
    return s == "1" || s == "t" || s == "true" || s == "TRUE";
}

// What one tool's table says, in its own words: per version, applied or not, in the order the
// rows were written (later rows win).
struct Reading {
    std::vector<std::pair<Version, bool>> events;
    std::optional<Version> up_to; // golang-migrate: everything up to here
};

class Reader {
public:
    Reader(Connection& c, Format tool, QualifiedName const& table, Timeout lock_timeout)
        : c_(c), tool_(tool), table_(table), quoted_(c.dialect().quote_name(table)),
          lock_timeout_(lock_timeout) {}

    Rows select(std::string const& columns, std::string const& tail = {}) {
        return c_.query_bounded("SELECT " + columns + " FROM " + quoted_ + tail, table_, lock_timeout_);
    }

    Version version(std::string const& text) const {
        std::string const where = table_.text() + ": version '" + printable(text) + "'";
        if (tool_ == Format::flyway) return flyway_version(text, where);
        // Exactly as written: a sign, a dash or a blank is refused, never dropped.
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
            throw UsageError(where + " is not a version migrator can keep exactly (digits only)");
        if (tool_ == Format::diesel) return diesel_version(text, where); // as the set stores it
        try {
            return Version{std::stoll(text)};
        } catch (std::exception const&) {
            throw UsageError(where + " does not fit in 64 bits");
        }
    }

    [[noreturn]] void refuse(std::string const& version, std::string const& what) const {
        throw CheckFailed(table_.text() + " says version " + version + " " + what + "; fix it with " +
                          std::string(format_name(tool_)) + " first (nothing was imported)");
    }

    Reading read() {
        Reading r;
        switch (tool_) {
        case Format::golang_migrate:
            for (auto const& row : select("version, dirty")) {
                if (truthy(row.at(1))) refuse(row.at(0), "is dirty (a failed migration)");
                r.up_to = version(row.at(0));
            }
            break;
        case Format::dbmate:
        case Format::diesel:
            for (auto const& row : select("version", " ORDER BY version"))
                r.events.emplace_back(version(row.at(0)), true);
            break;
        case Format::goose:
            for (auto const& row : select("version_id, is_applied", " ORDER BY id"))
                if (row.at(0) != "0") r.events.emplace_back(version(row.at(0)), truthy(row.at(1)));
            break;
        case Format::sqlx:
            for (auto const& row : select("version, success", " ORDER BY version")) {
                if (!truthy(row.at(1))) refuse(row.at(0), "failed (success = false)");
                r.events.emplace_back(version(row.at(0)), true);
            }
            break;
        case Format::flyway:
            for (auto const& row : select("version, type, success", " ORDER BY installed_rank")) {
                std::string const& type = row.at(1);
                if (!truthy(row.at(2))) refuse(row.at(0), "failed (success = false)");
                if (row.at(0).empty() || type == "SCHEMA") continue; // repeatables, the schema marker
                if (type == "BASELINE")
                    r.up_to = version(row.at(0));
                else
                    r.events.emplace_back(version(row.at(0)), type != "UNDO_SQL" && type != "DELETE");
            }
            break;
        default:
            throw UsageError("import reads golang-migrate, dbmate, goose, diesel, sqlx or flyway tables");
        }
        return r;
    }

private:
    Connection& c_;
    Format tool_;
    QualifiedName const& table_;
    std::string quoted_;
    Timeout lock_timeout_;
};

} // namespace

std::string ForeignTable::message() const {
    std::string const where = "this database is at " + tool + " version " + version + " (" + table + ")";
    if (tool == "alembic")
        return where + "; record what it covers with migrator baseline VERSION, after exporting Alembic's "
                       "migrations as SQL (docs/switching/alembic.md)";
    return where + "; adopt it: migrator import --from " + tool;
}

std::optional<ForeignTable> ForeignHistory::find(Connection& c) {
    struct Candidate {
        char const* table;
        char const* tool;
        char const* column; // its newest version: SELECT column FROM table tail LIMIT 1
        char const* tail;
    };
    // Each tool's own notion of "newest": golang-migrate keeps one row; dbmate and diesel keep
    // equal-width timestamps (text order is their order); goose and sqlx numbers; Flyway its rank.
    static constexpr Candidate candidates[] = {
        {"schema_migrations", "golang-migrate", "CAST(version AS TEXT)", " ORDER BY version DESC"},
        {"schema_migrations", "dbmate", "version", " ORDER BY length(version) DESC, version DESC"},
        {"goose_db_version", "goose", "CAST(version_id AS TEXT)", " WHERE version_id <> 0 ORDER BY id DESC"},
        {"flyway_schema_history", "flyway", "version",
         " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC"},
        {"_sqlx_migrations", "sqlx", "CAST(version AS TEXT)", " ORDER BY version DESC"},
        {"__diesel_schema_migrations", "diesel", "version", " ORDER BY version DESC"},
        {"alembic_version", "alembic", "version_num", " ORDER BY version_num"},
    };
    for (auto const& cand : candidates) {
        QualifiedName const name{"", cand.table};
        auto const columns = c.table_columns(name);
        if (columns.empty()) continue;
        bool const golang = std::find(columns.begin(), columns.end(), "dirty") != columns.end();
        if (std::string_view(cand.table) == "schema_migrations" &&
            golang != (std::string_view(cand.tool) == "golang-migrate"))
            continue;
        auto const rows = c.query(std::string("SELECT ") + cand.column + " FROM " +
                                  c.dialect().quote_name(name) + cand.tail + " LIMIT 1");
        if (rows.empty() || rows.front().empty() || rows.front().front().empty()) continue;
        return ForeignTable{cand.tool, cand.table, rows.front().front()};
    }
    return std::nullopt;
}

std::string ForeignHistory::default_table(Format tool) {
    switch (tool) {
    case Format::goose:
        return "goose_db_version";
    case Format::diesel:
        return "__diesel_schema_migrations";
    case Format::sqlx:
        return "_sqlx_migrations";
    case Format::flyway:
        return "flyway_schema_history";
    default:
        return "schema_migrations";
    }
}

std::vector<Migration const*> ForeignHistory::applied(Connection& connection, Format tool,
                                                      QualifiedName const& table, MigrationSet const& set,
                                                      Timeout lock_timeout) {
    if (connection.table_columns(table).empty())
        throw UsageError("no table " + table.text() + " in the database: nothing of " +
                         std::string(format_name(tool)) + "'s to import (another table name?)");
    Reading const reading = Reader(connection, tool, table, lock_timeout).read();
    std::map<Version, bool> state;
    for (auto const& [v, applied] : reading.events)
        state[v] = applied;
    std::vector<Migration const*> out;
    for (auto const& m : set.migrations()) {
        bool const by_range = reading.up_to && m.version <= *reading.up_to;
        auto const it = state.find(m.version);
        if ((by_range || (it != state.end() && it->second)) && m.for_this_dialect) out.push_back(&m);
    }
    for (auto const& [v, applied] : state)
        if (applied && !set.find(v))
            throw UsageError(table.text() + " says version " + std::to_string(v.value) +
                             " is applied, but the migration set has no such migration");
    if (tool == Format::golang_migrate && reading.up_to && !set.find(*reading.up_to))
        throw UsageError(table.text() + " says the database is at version " +
                         std::to_string(reading.up_to->value) +
                         ", but the migration set has no such migration");
    return out;
}

} // namespace migrator
