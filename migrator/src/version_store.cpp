#include "migrator/version_store.hpp"

#include "migrator/errors.hpp"

namespace migrator {

VersionStore::VersionStore(Dialect const& dialect, QualifiedName table)
    : dialect_(dialect), table_(std::move(table)), quoted_(dialect.quote_name(table_)) {}

bool VersionStore::exists(Session& s) const {
    return dialect_.table_exists(s, table_);
}

std::vector<std::string> VersionStore::create_statements() const {
    return dialect_.version_table_ddl(table_);
}

std::string VersionStore::select_sql() const {
    return "SELECT CAST(version AS TEXT), name, checksum, " + dialect_.applied_at_as_text("applied_at") +
           ", applied_by, CAST(execution_ms AS TEXT), CASE WHEN dirty THEN '1' ELSE '0' END, "
           "CAST(statements_done AS TEXT) FROM " +
           quoted_;
}

namespace {
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
    return r;
}
} // namespace

std::vector<AppliedRow> VersionStore::read(Session& s) const {
    if (!exists(s)) return {};
    std::vector<AppliedRow> rows;
    for (auto const& cells : dialect_.query(s, select_sql() + " ORDER BY version"))
        rows.push_back(to_row(cells));
    return rows;
}

std::optional<AppliedRow> VersionStore::find(Session& s, Version v) const {
    auto rows = dialect_.query(s, select_sql() + " WHERE version = " + std::to_string(v.value));
    if (rows.empty()) return std::nullopt;
    return to_row(rows.front());
}

void VersionStore::insert(SqlSink& sink, Migration const& m, std::int64_t execution_ms, bool dirty) const {
    sink.execute(
        "INSERT INTO " + quoted_ +
        " (version, name, checksum, applied_at, applied_by, execution_ms, dirty, statements_done) VALUES (" +
        std::to_string(m.version.value) + ", " + dialect_.quote_literal(m.name) + ", " +
        dialect_.quote_literal(m.up.checksum) + ", " + dialect_.now_expression() + ", " +
        dialect_.applied_by_expression() + ", " + std::to_string(execution_ms) + ", " +
        dialect_.bool_literal(dirty) + ", 0)");
}

void VersionStore::record_progress(SqlSink& sink, Version v, int statements_done) const {
    sink.execute("UPDATE " + quoted_ + " SET dirty = " + dialect_.bool_literal(true) +
                 ", statements_done = " + std::to_string(statements_done) +
                 " WHERE version = " + std::to_string(v.value));
}

void VersionStore::mark_clean(SqlSink& sink, Version v, std::int64_t execution_ms) const {
    sink.execute("UPDATE " + quoted_ + " SET dirty = " + dialect_.bool_literal(false) + ", execution_ms = " +
                 std::to_string(execution_ms) + " WHERE version = " + std::to_string(v.value));
}

void VersionStore::remove(SqlSink& sink, Version v) const {
    sink.execute("DELETE FROM " + quoted_ + " WHERE version = " + std::to_string(v.value));
}

} // namespace migrator
