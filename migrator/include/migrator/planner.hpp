#pragma once
// Pure planning: (migration set, applied rows, target) -> steps and problems. No database,
// no I/O. Expected findings are values (Problems); only an impossible target throws.

#include <optional>
#include <vector>

#include "migrator/migration.hpp"
#include "migrator/version_store.hpp"

namespace migrator {

enum class StepKind { apply, revert };

struct Step {
    StepKind kind;
    Migration const* migration; // points into the MigrationSet the plan was made from
};

struct Plan {
    std::vector<Step> steps;
    std::vector<Migration const*> skipped; // in range, but not for this dialect
};

struct ChangedChecksum {
    Migration const* migration;
    std::string recorded;
};

struct Problems {
    std::vector<ChangedChecksum> changed;       // applied, file edited since
    std::vector<AppliedRow> missing;            // applied, no file any more
    std::vector<Migration const*> out_of_order; // pending, older than the newest applied
    std::vector<AppliedRow> dirty;              // a non-transactional migration did not finish
    bool empty() const noexcept {
        return changed.empty() && missing.empty() && out_of_order.empty() && dirty.empty();
    }
};

struct DownTarget {
    // last: the newest applied one, or nothing when none is applied (plain `down`).
    enum class Kind { last, steps, to, all } kind = Kind::last;
    int steps = 1;
    Version to{};
};

class Planner {
public:
    static Problems inspect(MigrationSet const& set, std::vector<AppliedRow> const& applied);
    static std::vector<Migration const*> pending(MigrationSet const& set,
                                                 std::vector<AppliedRow> const& applied);

    // Applies pending migrations in version order, up to and including `to`.
    // Throws UsageError when `to` is not a version of the set.
    static Plan plan_up(MigrationSet const& set, std::vector<AppliedRow> const& applied,
                        std::optional<Version> to);
    // Reverts applied migrations, newest first. `--to V` leaves V applied (V = 0: revert all).
    // Throws UsageError when steps exceed what is applied, V is not in the set, or an applied
    // row to revert has no file.
    static Plan plan_down(MigrationSet const& set, std::vector<AppliedRow> const& applied, DownTarget target);
};

} // namespace migrator
