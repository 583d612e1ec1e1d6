#include <cstring>
#include <set>

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

// The one line that says what to do about the problems found, or "".
std::string what_to_do(Problems const& p) {
    std::vector<std::string> steps;
    if (!p.dirty.empty())
        steps.push_back("finish or undo dirty version " + std::to_string(p.dirty.front().version.value) +
                        " by hand, then 'migrator repair --mark-applied " +
                        std::to_string(p.dirty.front().version.value) + "' or '--remove'");
    if (!p.changed.empty())
        steps.push_back(
            "restore the changed file, or accept the edit with 'migrator repair --accept-checksum " +
            std::to_string(p.changed.front().migration->version.value) + "'");
    if (!p.missing.empty())
        steps.emplace_back("restore the missing folder (or run the down by hand and repair --remove)");
    if (!p.out_of_order.empty())
        steps.emplace_back("apply the older pending one with 'migrator up --allow-out-of-order'");
    std::string text;
    for (auto const& s : steps)
        text += (text.empty() ? "to fix: " : "; ") + s;
    return text;
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
        std::set<std::string> said;
        warn_about_set(m.migrations(), out, said);
        auto const& problems = status.problems;
        // A database another tool manages says so first: adopting it is the next step, not `up`.
        if (status.foreign) {
            out.line(status.foreign->message());
            out.doc()["foreign"] = {{"tool", status.foreign->tool},
                                    {"table", status.foreign->table},
                                    {"version", status.foreign->version},
                                    {"message", status.foreign->message()}};
        }
        out.line("database: " + m.database() + " (version table " + m.version_table().text() + ")");
        out.line("current version: " + version_text(status.current_version, m.migrations()));
        std::size_t width = 0;
        for (auto const* list : {&status.migrations, &status.repeatables})
            for (auto const& s : *list)
                width = std::max(width, display_width(s.folder));
        auto& list = out.doc()["migrations"] = nlohmann::json::array();
        for (auto const& s : status.migrations) {
            // Every key in every item (null where it does not apply): docs/json/status.schema.json.
            nlohmann::json item = {{"version", s.version.value},
                                   {"name", s.name},
                                   {"shown_version", s.migration ? shown_version(*s.migration)
                                                                 : std::to_string(s.version.value)},
                                   {"state", state_name(s.state)},
                                   {"checksum", nullptr},
                                   {"applied_at", nullptr},
                                   {"applied_by", nullptr},
                                   {"execution_ms", nullptr},
                                   {"statements_done", nullptr},
                                   {"recorded_name", nullptr},
                                   {"origin", nullptr}};
            if (s.migration && s.migration->for_this_dialect)
                item["checksum"] = s.migration->up.checksum;
            else if (s.row)
                item["checksum"] = s.row->checksum;
            if (s.row) {
                item["applied_at"] = s.row->applied_at;
                item["applied_by"] = s.row->applied_by;
                item["execution_ms"] = s.row->execution_ms;
                item["recorded_name"] = s.row->name;
                item["origin"] = origin_text(s.row->origin);
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
            text.append(width - display_width(s.folder), ' ');
            if (s.row)
                text +=
                    "  " + s.row->applied_at + "  " +
                    (s.row->origin == AppliedRow::Origin::run ? std::to_string(s.row->execution_ms) + " ms"
                                                              : std::string(origin_text(s.row->origin)));
            if (s.row && s.row->name != s.name) text += "  (recorded as " + s.row->name + ")";
            if (s.state == MigrationState::pending && s.migration && s.migration->up.statements.empty() &&
                !s.migration->noop_up)
                text += "  (empty: write its SQL)";
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
        auto& repeatables = out.doc()["repeatables"] = nlohmann::json::array();
        int rerun = 0;
        for (auto const& s : status.repeatables) {
            bool const due = s.state == MigrationState::pending;
            rerun += due;
            repeatables.push_back(
                {{"name", s.folder},
                 {"state", state_name(s.state)},
                 {"checksum", s.migration->up.checksum},
                 {"applied_at", s.row ? nlohmann::json(s.row->applied_at) : nlohmann::json(nullptr)}});
            std::string text = std::string("  ") + state_name(s.state);
            text.resize(20, ' ');
            text += s.folder;
            text.append(width - display_width(s.folder), ' ');
            text += s.row
                        ? "  " + s.row->applied_at + (due ? "  (changed since it ran: up runs it again)" : "")
                        : "  (repeatable: up runs it after the versioned ones)";
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
        if (!problems.empty()) {
            out.doc()["hint"] = what_to_do(problems);
            out.line(what_to_do(problems));
        }
        if (*exit_code && (status.pending > 0 || rerun > 0 || !problems.empty())) throw ExitWith{3};
    });
}

} // namespace migrator::cli
