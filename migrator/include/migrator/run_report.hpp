#pragma once
// What up, down, repair and baseline did: typed values, never text.
//
// Ownership: `migration` pointers point into the Migrator's MigrationSet and stay valid as
// long as that Migrator. Thread-safety: plain values; copies may go to any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migrator/export.hpp"
#include "migrator/migration.hpp"

namespace migrator {

enum class Outcome {
    applied,      // its up ran and its row was written
    reverted,     // its down ran and its row was deleted
    skipped,      // in range, but not for this dialect (migration.yaml `dialects:`); never recorded
    already_done, // another runner did it first (found inside this run's write)
    would_apply,  // dry run
    would_revert, // dry run
};

struct MIGRATOR_API StepResult {
    Migration const* migration{}; // into the Migrator's MigrationSet
    Outcome outcome{};
    std::int64_t execution_ms = 0;
};

struct MIGRATOR_API RunReport {
    std::vector<StepResult> steps;
    std::vector<std::string> sql;            // sql runs: every statement, each ending in ';'
    std::optional<Version> current_version;  // after the run (none: nothing applied)
    std::optional<Version> previous_version; // when the run read the version table, before its first step
    // Both as their tool writes them (Flyway's "1.1"); "" for none.
    std::string current_shown, previous_shown;
    // up `to` a version that is applied while newer ones are too: nothing ran, and up never goes
    // back (that is down's work).
    bool target_behind_current = false;

    // Migrations that ran (applied or reverted).
    int changed() const noexcept;
    std::int64_t total_ms() const noexcept;
};

} // namespace migrator
