#pragma once
// The version table's statements and reads (DESIGN.md "The version table"). Writes are
// SqlCommands with every value bound, for the executor's sink to run or print; reads go to a
// live connection. A table made by an older migrator (without the `direction` column) is read
// as it is, and upgraded by the first command that writes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migrator/connection.hpp"
#include "migrator/dialect.hpp"

namespace migrator {

class VersionStore {
public:
    VersionStore(Dialect const& dialect, QualifiedName table);

    QualifiedName const& table() const noexcept { return table_; }
    Dialect const& dialect() const noexcept { return dialect_; }

    // Its columns; empty when the table does not exist. One query.
    std::vector<std::string> columns(Connection& c) const;
    // What makes the table exist with every column, given columns() (empty: create it).
    std::vector<SqlCommand> ensure_statements(std::vector<std::string> const& columns) const;
    // Applied rows, ordered by version; `columns` as columns() returned them (empty: no rows).
    // The rows of repeatable migrations (negative versions, direction 'repeatable') go to
    // `repeatables` when it is given, and are left out otherwise.
    std::vector<AppliedRow> read(Connection& c, std::vector<std::string> const& columns,
                                 std::vector<AppliedRow>* repeatables = nullptr) const;
    // One row, for the re-check inside a migration's transaction.
    std::optional<AppliedRow> find(Connection& c, Version v) const;

    // Each of these changes exactly one row. A row recorded without running (baseline, import)
    // says so in its `direction` column, which otherwise names a dirty row's script.
    SqlCommand insert(Migration const& m, std::int64_t execution_ms, bool dirty,
                      AppliedRow::Origin origin = AppliedRow::Origin::run) const;
    // The columns an accepted checksum needs, added on first use (given columns()).
    std::vector<SqlCommand> accept_checksum_columns(std::vector<std::string> const& columns) const;
    // The row takes `m`'s current checksum, keeping `previous` and who accepted the change.
    SqlCommand accept_checksum(Migration const& m, std::string const& previous) const;
    // A dirty row's progress: `done` statements of its `direction` script have run.
    SqlCommand progress(Version v, int done, Direction direction) const;
    SqlCommand mark_clean(Version v, std::int64_t execution_ms) const;
    SqlCommand remove(Version v) const;
    // A repeatable migration's row, after it ran: its key, name and checksum (the old row, if
    // any, is removed first with remove(r.version)).
    SqlCommand record_repeatable(Migration const& r, std::int64_t execution_ms) const;

private:
    std::string select_sql(std::vector<std::string> const& columns) const;
    Dialect const& dialect_;
    QualifiedName table_;
    std::string quoted_;
};

} // namespace migrator
