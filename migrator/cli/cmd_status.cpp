#include <cstring>

#include "commands.hpp"

namespace migrator::cli {

namespace {
char const* state_name(MigrationState s) {
    switch (s) {
    case MigrationState::applied:
        return "applied";
    case MigrationState::pending:
        return "pending";
    case MigrationState::changed:
        return "changed";
    case MigrationState::dirty:
        return "dirty";
    case MigrationState::not_for_dialect:
        return "not_for_dialect";
    case MigrationState::missing:
        return "missing";
    }
    return "";
}
} // namespace

void setup_status(CLI::App& app, Context& ctx, CommandList& commands) {
    auto exit_code = std::make_shared<bool>(false);
    auto* sub = app.add_subcommand("status", "current version, applied and pending migrations, problems");
    sub->add_flag("--exit-code", *exit_code, "exit 3 when anything is pending or wrong");
    commands.emplace_back(sub, [&ctx, exit_code] {
        auto& out = ctx.out();
        Migrator& m = ctx.migrator();
        Status const status = m.status();
        auto const& problems = status.problems;
        out.line("database: " + m.database() + " (version table " + m.version_table().text() + ")");
        out.line("current version: " + version_text(status.current_version));
        std::size_t width = 0;
        for (auto const& s : status.migrations)
            width = std::max(width, s.folder.size());
        auto& list = out.doc()["migrations"] = nlohmann::json::array();
        for (auto const& s : status.migrations) {
            // Every key in every item (null where it does not apply): docs/json/status.schema.json.
            nlohmann::json item = {{"version", s.version.value},   {"name", s.name},
                                   {"state", state_name(s.state)}, {"checksum", nullptr},
                                   {"applied_at", nullptr},        {"applied_by", nullptr},
                                   {"execution_ms", nullptr},      {"statements_done", nullptr}};
            if (s.migration && s.migration->for_this_dialect)
                item["checksum"] = s.migration->up.checksum;
            else if (s.row)
                item["checksum"] = s.row->checksum;
            if (s.row) {
                item["applied_at"] = s.row->applied_at;
                item["applied_by"] = s.row->applied_by;
                item["execution_ms"] = s.row->execution_ms;
            }
            if (s.state == MigrationState::missing) {
                list.push_back(item);
                out.line("  " + out.paint("missing") + "             " + std::to_string(s.version.value) +
                         "_" + s.name + "  (applied, but its folder is gone)");
                continue;
            }
            std::string text = std::string("  ") + state_name(s.state);
            text.resize(20, ' ');
            text += s.folder;
            text.resize(20 + width, ' ');
            if (s.row) text += "  " + s.row->applied_at + "  " + std::to_string(s.row->execution_ms) + " ms";
            if (s.state == MigrationState::dirty) {
                bool const down = s.row->direction == Direction::down;
                item["statements_done"] = s.row->statements_done;
                item["direction"] = down ? "down" : "up";
                text += std::string("  (") + (down ? "down " : "") + "stopped after statement " +
                        std::to_string(s.row->statements_done) + ")";
            }
            if (s.state == MigrationState::not_for_dialect)
                text += "  (not for " + std::string(m.dialect().name()) + ")";
            list.push_back(item);
            while (text.back() == ' ')
                text.pop_back();
            out.line(text.replace(2, std::strlen(state_name(s.state)), out.paint(state_name(s.state))));
        }
        for (auto const* o : problems.out_of_order)
            out.line("  out of order: " + o->folder + " is pending but older than the current version");
        out.doc()["current_version"] =
            status.current_version ? nlohmann::json(status.current_version->value) : nlohmann::json(nullptr);
        out.doc()["pending"] = status.pending;
        out.doc()["problems"] = {{"changed", problems.changed.size()},
                                 {"missing", problems.missing.size()},
                                 {"out_of_order", problems.out_of_order.size()},
                                 {"dirty", problems.dirty.size()}};
        out.line(std::to_string(status.applied) + " applied, " + std::to_string(status.pending) + " pending" +
                 (problems.empty() ? "" : "; problems found"));
        if (*exit_code && (status.pending > 0 || !problems.empty())) throw ExitWith{3};
    });
}

} // namespace migrator::cli
