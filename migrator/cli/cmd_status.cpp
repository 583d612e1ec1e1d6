#include <map>

#include "commands.hpp"
#include "migrator/planner.hpp"

namespace migrator::cli {

void setup_status(CLI::App& app, Context& ctx, CommandList& commands) {
    auto exit_code = std::make_shared<bool>(false);
    auto* sub = app.add_subcommand("status", "current version, applied and pending migrations, problems");
    sub->add_flag("--exit-code", *exit_code, "exit 3 when anything is pending or wrong");
    commands.emplace_back(sub, [&ctx, exit_code] {
        auto& out = ctx.out();
        auto const& set = ctx.migrations();
        auto const rows = ctx.runner(false).applied();
        auto const problems = Planner::inspect(set, rows);
        std::map<Version, AppliedRow const*> applied;
        for (auto const& r : rows)
            applied[r.version] = &r;
        std::map<Version, std::string> changed;
        for (auto const& c : problems.changed)
            changed[c.migration->version] = c.recorded;

        std::optional<Version> current;
        if (!rows.empty()) current = rows.back().version;
        int pending = 0;
        auto& list = out.doc()["migrations"] = nlohmann::json::array();
        out.line("database: " + ctx.url().redacted() + " (version table " + ctx.table().text() + ")");
        out.line("current version: " + version_text(current));
        std::size_t width = 0;
        for (auto const& m : set.migrations())
            width = std::max(width, m.folder.size());
        for (auto const& m : set.migrations()) {
            auto const it = applied.find(m.version);
            std::string state = !m.for_this_dialect        ? "not_for_dialect"
                                : it == applied.end()      ? "pending"
                                : it->second->dirty        ? "dirty"
                                : changed.count(m.version) ? "changed"
                                                           : "applied";
            if (state == "pending") ++pending;
            nlohmann::json item = {{"version", m.version.value}, {"name", m.name}, {"state", state}};
            std::string text = "  " + state;
            text.resize(20, ' ');
            text += m.folder;
            text.resize(20 + width, ' ');
            if (it != applied.end()) {
                item["applied_at"] = it->second->applied_at;
                item["execution_ms"] = it->second->execution_ms;
                text +=
                    "  " + it->second->applied_at + "  " + std::to_string(it->second->execution_ms) + " ms";
            }
            if (state == "dirty")
                text += "  (stopped after statement " + std::to_string(it->second->statements_done) + ")";
            if (state == "not_for_dialect") text += "  (not for " + std::string(ctx.dialect().name()) + ")";
            list.push_back(item);
            while (text.back() == ' ')
                text.pop_back();
            out.line(text);
        }
        for (auto const& r : problems.missing) {
            list.push_back({{"version", r.version.value}, {"name", r.name}, {"state", "missing"}});
            out.line("  missing             " + std::to_string(r.version.value) + "_" + r.name +
                     "  (applied, but its folder is gone)");
        }
        for (auto const* m : problems.out_of_order)
            out.line("  out of order: " + m->folder + " is pending but older than the current version");
        out.doc()["current_version"] = current ? nlohmann::json(current->value) : nlohmann::json(nullptr);
        out.doc()["pending"] = pending;
        out.doc()["problems"] = {{"changed", problems.changed.size()},
                                 {"missing", problems.missing.size()},
                                 {"out_of_order", problems.out_of_order.size()},
                                 {"dirty", problems.dirty.size()}};
        out.line(std::to_string(rows.size()) + " applied, " + std::to_string(pending) + " pending" +
                 (problems.empty() ? "" : "; problems found"));
        if (*exit_code && (pending > 0 || !problems.empty())) throw ExitWith{3};
    });
}

} // namespace migrator::cli
