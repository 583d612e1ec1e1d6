#include "engine/planner.hpp"

#include <algorithm>
#include <set>

#include "migrator/errors.hpp"

namespace migrator {

namespace {
std::set<Version> applied_versions(std::vector<AppliedRow> const& applied) {
    std::set<Version> out;
    for (auto const& r : applied)
        out.insert(r.version);
    return out;
}
} // namespace

Problems Planner::inspect(MigrationSet const& set, std::vector<AppliedRow> const& applied) {
    Problems p;
    Version newest{0};
    for (auto const& row : applied) {
        newest = std::max(newest, row.version);
        if (row.dirty) p.dirty.push_back(row);
        Migration const* m = set.find(row.version);
        if (!m)
            p.missing.push_back(row);
        else if (m->for_this_dialect && m->up.checksum != row.checksum)
            p.changed.push_back({m, row.checksum});
    }
    for (Migration const* m : pending(set, applied))
        if (m->version < newest) p.out_of_order.push_back(m);
    return p;
}

std::vector<Migration const*> Planner::pending(MigrationSet const& set,
                                               std::vector<AppliedRow> const& applied) {
    auto const done = applied_versions(applied);
    std::vector<Migration const*> out;
    for (auto const& m : set.migrations())
        if (m.for_this_dialect && !done.count(m.version)) out.push_back(&m);
    return out;
}

void Planner::require_statements(Script const& s) {
    if (!s.statements.empty()) return;
    throw MigrationSetError(s.path.string() + (s.first_line == 1 ? "" : ":" + std::to_string(s.first_line)) +
                            ": the script is empty (freshly scaffolded? write its SQL first)");
}

Plan Planner::plan_up(MigrationSet const& set, std::vector<AppliedRow> const& applied,
                      std::optional<Version> to, std::optional<int> steps, bool split) {
    if (to && !set.find(*to)) throw TargetNotInSet(*to);
    auto const done = applied_versions(applied);
    Plan plan;
    for (auto const& m : set.migrations()) {
        if (to && m.version > *to) break;
        if (done.count(m.version)) continue;
        if (m.for_this_dialect)
            plan.steps.push_back({Direction::up, &m});
        else
            plan.skipped.push_back(&m);
    }
    if (steps) {
        if (*steps < 1 || static_cast<std::size_t>(*steps) > plan.steps.size())
            throw StepsOutOfRange(*steps, plan.steps.size(), Direction::up);
        Version const last = plan.steps[static_cast<std::size_t>(*steps) - 1].migration->version;
        plan.steps.resize(static_cast<std::size_t>(*steps));
        std::erase_if(plan.skipped, [&](Migration const* m) { return m->version > last; });
    }
    if (split)
        for (auto const& step : plan.steps)
            if (!step.migration->noop_up) require_statements(step.migration->up);
    plan.target_behind_current =
        to && plan.steps.empty() && done.count(*to) && !applied.empty() && applied.back().version > *to;
    return plan;
}

Plan Planner::plan_down(MigrationSet const& set, std::vector<AppliedRow> const& applied, DownTarget target) {
    std::vector<AppliedRow> newest_first(applied.rbegin(), applied.rend());
    std::size_t count = 0;
    switch (target.kind) {
    case DownTarget::Kind::all:
        count = newest_first.size();
        break;
    case DownTarget::Kind::last:
        count = std::min<std::size_t>(1, newest_first.size());
        break;
    case DownTarget::Kind::steps:
        if (target.steps < 1 || static_cast<std::size_t>(target.steps) > newest_first.size())
            throw StepsOutOfRange(target.steps, newest_first.size());
        count = static_cast<std::size_t>(target.steps);
        break;
    case DownTarget::Kind::to:
        if (target.to.value != 0 && !set.find(target.to)) throw TargetNotInSet(target.to);
        while (count < newest_first.size() && newest_first[count].version > target.to)
            ++count;
        break;
    }
    Plan plan;
    for (std::size_t i = 0; i < count; ++i) {
        Migration const* m = set.find(newest_first[i].version);
        if (!m)
            throw UsageError("applied version " + std::to_string(newest_first[i].version.value) + " (" +
                             newest_first[i].name + ") has no migration folder, so it cannot be rolled back");
        plan.steps.push_back({Direction::down, m});
    }
    // Refused before anything runs: a down that stopped at it would leave half the request done.
    for (auto const& step : plan.steps)
        if (step.migration->irreversible) throw IrreversibleMigration(*step.migration);
    return plan;
}

} // namespace migrator
