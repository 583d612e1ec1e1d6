#pragma once
// The state of a database against a migration set: typed values for status and validate.
//
// Ownership: `migration` pointers point into the Migrator's MigrationSet and stay valid as
// long as that Migrator. Thread-safety: plain values; copies may go to any thread.

#include <optional>
#include <string>
#include <vector>

#include "migrator/export.hpp"
#include "migrator/migration.hpp"

namespace migrator {

struct MIGRATOR_API ChangedChecksumInfo {
    Migration const* migration{};
    std::string recorded; // the checksum in the version table
};

struct MIGRATOR_API Problems {
    std::vector<ChangedChecksumInfo> changed;   // applied, file edited since
    std::vector<AppliedRow> missing;            // applied, no folder any more
    std::vector<Migration const*> out_of_order; // pending, older than the newest applied
    std::vector<AppliedRow> dirty;              // a non-transactional script stopped half-way
    bool empty() const noexcept {
        return changed.empty() && missing.empty() && out_of_order.empty() && dirty.empty();
    }
};

enum class MigrationState { applied, pending, changed, dirty, not_for_dialect, missing };

struct MIGRATOR_API MigrationStatus {
    Version version;
    std::string name;
    std::string folder; // "" for a missing one
    MigrationState state{};
    Migration const* migration{};  // null for a missing one
    std::optional<AppliedRow> row; // its version-table row, when it has one
};

// Another tool's history table, found in a database whose migrator version table is missing or
// empty: the database is that tool's, and `import` (or, for Alembic, `baseline`) adopts it.
struct MIGRATOR_API ForeignTable {
    std::string tool;    // "golang-migrate", "dbmate", "goose", "flyway", "sqlx", "diesel", "alembic"
    std::string table;   // "schema_migrations", ...
    std::string version; // the newest version it records, as the tool writes it; "" for none
    // "this database is at golang-migrate version 2 (schema_migrations); adopt it: migrator
    // import --from golang-migrate" (for Alembic, what to do with baseline).
    std::string message() const;
};

struct MIGRATOR_API Status {
    std::optional<Version> current_version;
    std::vector<MigrationStatus> migrations; // in version order, then the missing ones
    // Repeatable migrations, in name order: applied (its checksum recorded), or pending (new, or
    // changed since it last ran: the next up runs it).
    std::vector<MigrationStatus> repeatables;
    std::optional<ForeignTable> foreign; // when the version table is missing or empty
    Problems problems;
    int applied = 0; // rows in the version table
    int pending = 0;
};

} // namespace migrator
