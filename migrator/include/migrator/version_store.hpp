#pragma once
// The version table's life cycle and rows (DESIGN.md "The version table"). Reads go through
// the session; writes are SQL text sent to a SqlSink, so they can be printed instead of run.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migrator/dialect.hpp"
#include "migrator/sql_sink.hpp"

namespace migrator {

struct AppliedRow {
    Version version;
    std::string name;
    std::string checksum;
    std::string applied_at; // ISO-8601 UTC
    std::string applied_by;
    std::int64_t execution_ms = 0;
    bool dirty = false;
    int statements_done = 0;
};

class VersionStore {
public:
    VersionStore(Dialect const& dialect, QualifiedName table);

    QualifiedName const& table() const noexcept { return table_; }
    bool exists(Session& s) const;
    // CREATE ... IF NOT EXISTS statements (idempotent).
    std::vector<std::string> create_statements() const;
    // Applied rows, ordered by version. An absent table reads as no rows.
    std::vector<AppliedRow> read(Session& s) const;
    // One row, for the re-check inside a migration's transaction.
    std::optional<AppliedRow> find(Session& s, Version v) const;

    void insert(SqlSink& sink, Migration const& m, std::int64_t execution_ms, bool dirty) const;
    void record_progress(SqlSink& sink, Version v, int statements_done) const;
    void mark_clean(SqlSink& sink, Version v, std::int64_t execution_ms) const;
    void remove(SqlSink& sink, Version v) const;

private:
    std::string select_sql() const;
    Dialect const& dialect_;
    QualifiedName table_;
    std::string quoted_;
};

} // namespace migrator
