#include "check/dialect_check.hpp"
#include "engine/planner.hpp"
#include "model/line_diff.hpp"
#include "schema/schema_render.hpp"

namespace migrator {

void check_live(DialectCheck& c, std::optional<std::string> const& committed) {
    if (!c.req.live || !c.has_server || !c.dialect.database_exists(*c.req.database)) return;
    auto live = c.dialect.connect(*c.req.database, check_timeout);
    VersionStore store(c.dialect, c.vt);
    auto const columns = store.columns(*live);
    if (columns.empty()) return;
    c.summary.live_checked = true;
    auto const rows = store.read(*live, columns);
    auto const problems = Planner::inspect(c.set, rows);
    for (auto const& changed : problems.changed)
        c.finding(FindingKind::changed, changed.migration, changed.migration->up.path.string(),
                  "applied migration changed since it was applied (checksum " +
                      changed.migration->up.checksum.substr(0, 12) + ", recorded " +
                      changed.recorded.substr(0, 12) + ")");
    for (auto const& r : problems.missing)
        c.finding(FindingKind::missing, nullptr, "",
                  "applied version " + std::to_string(r.version.value) + " (" + r.name +
                      ") has no migration folder");
    for (auto const* m : problems.out_of_order)
        c.finding(FindingKind::out_of_order, m, m->up.path.string(),
                  "pending, but older than the newest applied version");
    if (!Planner::pending(c.set, rows).empty() || !committed) return;
    std::string const live_dump = render_schema(live->inspect_schema(c.vt));
    if (snapshot_body(*committed) != live_dump)
        c.finding(FindingKind::live_drift, nullptr, c.req.database->redacted(),
                  "the live schema differs from the snapshot",
                  line_diff(snapshot_body(*committed), live_dump));
}

} // namespace migrator
