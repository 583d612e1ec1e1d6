#include "commands.hpp"

namespace migrator::cli {

void setup_history(CLI::App& app, Context& ctx, CommandList& commands) {
    auto* sub = app.add_subcommand("history", "the applied rows of the version table");
    commands.emplace_back(sub, [&ctx] {
        auto& out = ctx.out();
        auto& list = out.doc()["history"] = nlohmann::json::array();
        auto const rows = ctx.migrator().history();
        for (auto const& r : rows) {
            list.push_back({{"version", r.version.value},
                            {"name", r.name},
                            {"checksum", r.checksum},
                            {"applied_at", r.applied_at},
                            {"applied_by", r.applied_by},
                            {"execution_ms", r.execution_ms},
                            {"dirty", r.dirty},
                            {"statements_done", r.statements_done}});
            out.line(
                std::to_string(r.version.value) + "  " + r.name + "  " + r.applied_at + "  " + r.applied_by +
                "  " + std::to_string(r.execution_ms) + " ms  " + r.checksum.substr(0, 12) +
                (r.dirty ? std::string("  DIRTY after ") + (r.direction == Direction::down ? "down " : "") +
                               "statement " + std::to_string(r.statements_done)
                         : ""));
        }
        if (rows.empty()) out.line("no migrations applied");
    });
}

} // namespace migrator::cli
