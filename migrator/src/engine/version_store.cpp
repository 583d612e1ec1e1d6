#include "engine/version_store.hpp"

#include <algorithm>

#include "migrator/errors.hpp"

namespace migrator {

namespace {
constexpr char const* direction_column = "direction";
constexpr char const* previous_checksum_column = "previous_checksum";
constexpr char const* accepted_by_column = "checksum_accepted_by";

bool has(std::vector<std::string> const& columns, std::string const& name) {
    return std::find(columns.begin(), columns.end(), name) != columns.end();
}

char const* direction_text(Direction d) {
    return d == Direction::down ? "down" : "up";
}

AppliedRow to_row(std::vector<std::string> const& cells) {
    AppliedRow r;
    r.version = Version{std::stoll(cells.at(0))};
    r.name = cells.at(1);
    r.checksum = cells.at(2);
    r.applied_at = cells.at(3);
    r.applied_by = cells.at(4);
    r.execution_ms = cells.at(5).empty() ? 0 : std::stoll(cells.at(5));
    r.dirty = cells.at(6) == "1";
    r.statements_done = cells.at(7).empty() ? 0 : std::stoi(cells.at(7));
    r.direction = cells.at(8) == "down" ? Direction::down : Direction::up;
    r.origin = cells.at(8) == "baseline" ? AppliedRow::Origin::baseline
               : cells.at(8) == "import" ? AppliedRow::Origin::imported
                                         : AppliedRow::Origin::run;
    r.previous_checksum = cells.at(9);
    r.checksum_accepted_by = cells.at(10);
    return r;
}
} // namespace

VersionStore::VersionStore(Dialect const& dialect, QualifiedName table)
    : dialect_(dialect), table_(std::move(table)), quoted_(dialect.quote_name(table_)) {}

std::vector<std::string> VersionStore::columns(Connection& c) const {
    return c.table_columns(table_);
}

std::vector<SqlCommand> VersionStore::ensure_statements(std::vector<std::string> const& columns) const {
    std::vector<SqlCommand> out;
    if (columns.empty()) {
        for (auto const& ddl : dialect_.version_table_ddl(table_))
            out.emplace_back(ddl);
    } else if (!has(columns, direction_column)) {
        // Standard SQL; made by migrator 0.1, whose dirty rows were all ups.
        out.emplace_back("ALTER TABLE " + quoted_ + " ADD COLUMN " + direction_column +
                         " TEXT NOT NULL DEFAULT 'up'");
    }
    return out;
}

std::string VersionStore::select_sql(std::vector<std::string> const& columns) const {
    auto optional = [&](char const* column, char const* otherwise) {
        return has(columns, column) ? "coalesce(" + std::string(column) + ", '')" : std::string(otherwise);
    };
    return "SELECT CAST(version AS TEXT), name, checksum, " + dialect_.applied_at_as_text("applied_at") +
           ", applied_by, CAST(execution_ms AS TEXT), CASE WHEN dirty THEN '1' ELSE '0' END, "
           "CAST(statements_done AS TEXT), " +
           optional(direction_column, "'up'") + ", " + optional(previous_checksum_column, "''") + ", " +
           optional(accepted_by_column, "''") + " FROM " + quoted_;
}

std::vector<AppliedRow> VersionStore::read(Connection& c, std::vector<std::string> const& columns,
                                           std::vector<AppliedRow>* repeatables) const {
    if (columns.empty()) return {};
    std::vector<AppliedRow> rows;
    // Sorted here, by number: "ORDER BY version" would sort PostgreSQL's output column, which is
    // the text of the version there (so 10 came before 9 and `down` reverted the wrong one).
    for (auto const& cells : c.query(select_sql(columns))) {
        AppliedRow row = to_row(cells);
        if (row.version.value >= 0)
            rows.push_back(std::move(row));
        else if (repeatables)
            repeatables->push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end(),
              [](AppliedRow const& a, AppliedRow const& b) { return a.version < b.version; });
    return rows;
}

std::optional<AppliedRow> VersionStore::find(Connection& c, Version v) const {
    // Only ever called after a write command upgraded the table, so `direction` exists; the
    // accepted-checksum columns are not needed for the re-checks this serves.
    auto rows = c.query(select_sql({direction_column}) + " WHERE version = " + std::to_string(v.value));
    if (rows.empty()) return std::nullopt;
    return to_row(rows.front());
}

SqlCommand VersionStore::insert(Migration const& m, std::int64_t execution_ms, bool dirty,
                                AppliedRow::Origin origin) const {
    SqlCommand c;
    c << "INSERT INTO " << quoted_
      << " (version, name, checksum, applied_at, applied_by, execution_ms, dirty, statements_done, "
         "direction) "
         "VALUES (";
    c.bind(m.version.value) << ", ";
    c.bind(m.name) << ", ";
    c.bind(m.up.checksum) << ", " << dialect_.now_expression() << ", " << dialect_.applied_by_expression()
                          << ", ";
    c.bind(execution_ms, true) << ", ";
    c.bind(dirty) << ", ";
    c.bind(std::int64_t{0}) << ", ";
    c.bind(std::string(origin == AppliedRow::Origin::baseline   ? "baseline"
                       : origin == AppliedRow::Origin::imported ? "import"
                                                                : "up"))
        << ")";
    return c;
}

std::vector<SqlCommand> VersionStore::accept_checksum_columns(std::vector<std::string> const& columns) const {
    std::vector<SqlCommand> out;
    for (char const* column : {previous_checksum_column, accepted_by_column})
        if (!has(columns, column))
            out.emplace_back("ALTER TABLE " + quoted_ + " ADD COLUMN " + column + " TEXT");
    return out;
}

SqlCommand VersionStore::accept_checksum(Migration const& m, std::string const& previous) const {
    SqlCommand c;
    c << "UPDATE " << quoted_ << " SET checksum = ";
    c.bind(m.up.checksum) << ", " << previous_checksum_column << " = ";
    c.bind(previous) << ", " << accepted_by_column << " = " << dialect_.applied_by_expression()
                     << " WHERE version = ";
    c.bind(m.version.value);
    return c;
}

SqlCommand VersionStore::progress(Version v, int done, Direction direction) const {
    SqlCommand c;
    c << "UPDATE " << quoted_ << " SET dirty = ";
    c.bind(true) << ", statements_done = ";
    c.bind(std::int64_t{done}) << ", direction = ";
    c.bind(std::string(direction_text(direction))) << " WHERE version = ";
    c.bind(v.value);
    return c;
}

SqlCommand VersionStore::mark_clean(Version v, std::int64_t execution_ms) const {
    SqlCommand c;
    c << "UPDATE " << quoted_ << " SET dirty = ";
    c.bind(false) << ", statements_done = ";
    c.bind(std::int64_t{0}) << ", direction = ";
    c.bind(std::string("up")) << ", execution_ms = ";
    c.bind(execution_ms, true) << " WHERE version = ";
    c.bind(v.value);
    return c;
}

SqlCommand VersionStore::record_repeatable(Migration const& r, std::int64_t execution_ms) const {
    SqlCommand c;
    c << "INSERT INTO " << quoted_
      << " (version, name, checksum, applied_at, applied_by, execution_ms, dirty, statements_done, "
         "direction) VALUES (";
    c.bind(r.version.value) << ", ";
    c.bind(r.folder) << ", ";
    c.bind(r.up.checksum) << ", " << dialect_.now_expression() << ", " << dialect_.applied_by_expression()
                          << ", ";
    c.bind(execution_ms, true) << ", ";
    c.bind(false) << ", ";
    c.bind(std::int64_t{0}) << ", ";
    c.bind(std::string("repeatable")) << ")";
    return c;
}

SqlCommand VersionStore::remove(Version v) const {
    SqlCommand c;
    c << "DELETE FROM " << quoted_ << " WHERE version = ";
    c.bind(v.value);
    return c;
}

} // namespace migrator
