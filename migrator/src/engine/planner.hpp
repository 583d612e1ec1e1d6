#pragma once
// Pure planning: (migration set, applied rows, target) -> steps and problems. No database, no
// I/O. Expected findings are values (Problems); only an impossible target throws.

#include <optional>
#include <vector>

#include "migrator/migration.hpp"
#include "migrator/options.hpp"
#include "migrator/status.hpp"

namespace migrator {

struct Step {
    Direction direction;
    Migration const* migration; // points into the MigrationSet the plan was made from
};

struct Plan {
    std::vector<Step> steps;
    std::vector<Migration const*> skipped; // in range, but not for this dialect
    bool target_behind_current = false;    // up: the target is applied, and newer ones are too
};

class Planner {
public:
    static Problems inspect(MigrationSet const& set, std::vector<AppliedRow> const& applied);
    static std::vector<Migration const*> pending(MigrationSet const& set,
                                                 std::vector<AppliedRow> const& applied);

    // Applies pending migrations in version order, up to and including `to`, at most `steps`.
    // Throws TargetNotInSet when `to` is not a version of the set, StepsOutOfRange when `steps`
    // is below 1 or more than is pending, MigrationSetError when a step's up script is empty (a
    // freshly scaffolded migration: listed as pending, never run); `split` false for a set
    // loaded with LoadScope::up_text, whose scripts have no statements yet (no such check).
    // Throws MigrationSetError "path[:line]: the script is empty ..." for an up script without
    // statements (a freshly scaffolded migration).
    static void require_statements(Script const& up);
    static Plan plan_up(MigrationSet const& set, std::vector<AppliedRow> const& applied,
                        std::optional<Version> to, std::optional<int> steps = std::nullopt,
                        bool split = true);
    // Reverts applied migrations, newest first. `to` V leaves V applied (V = 0: revert all).
    // Throws StepsOutOfRange, TargetNotInSet, IrreversibleMigration, or UsageError when an
    // applied row to revert has no folder.
    static Plan plan_down(MigrationSet const& set, std::vector<AppliedRow> const& applied, DownTarget target);
};

} // namespace migrator
