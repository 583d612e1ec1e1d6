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

struct MIGRATOR_API Status {
    std::optional<Version> current_version;
    std::vector<MigrationStatus> migrations; // in version order, then the missing ones
    Problems problems;
    int applied = 0; // rows in the version table
    int pending = 0;
};

} // namespace migrator
