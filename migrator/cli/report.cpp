#include <iostream>

#include "commands.hpp"

namespace migrator::cli {

namespace {
char const* outcome_name(Outcome o) {
    switch (o) {
    case Outcome::applied:
        return "applied";
    case Outcome::reverted:
        return "reverted";
    case Outcome::skipped:
        return "skipped";
    case Outcome::already_done:
        return "already_done";
    case Outcome::would_apply:
        return "would_apply";
    case Outcome::would_revert:
        return "would_revert";
    }
    return "";
}
} // namespace

std::string version_text(std::optional<Version> v) {
    return v ? std::to_string(v->value) : "none";
}

void StepPrinter::on_step(StepResult const& step) {
    auto const& m = *step.migration;
    switch (step.outcome) {
    case Outcome::applied:
        out_.line("applied  " + m.folder + " (" + std::to_string(step.execution_ms) + " ms)");
        break;
    case Outcome::reverted:
        out_.line("reverted " + m.folder + " (" + std::to_string(step.execution_ms) + " ms)");
        break;
    case Outcome::skipped:
        out_.detail("skipped  " + m.folder + " (not for this dialect)");
        break;
    case Outcome::already_done:
        out_.detail("done     " + m.folder + " (by another runner)");
        break;
    case Outcome::would_apply:
        out_.line("would apply  " + m.folder);
        break;
    case Outcome::would_revert:
        out_.line("would revert " + m.folder);
        break;
    }
}

void report_run(Context& ctx, RunResult const& result) {
    auto& steps = ctx.out().doc()["steps"] = nlohmann::json::array();
    int changed = 0;
    std::int64_t total_ms = 0;
    for (auto const& s : result.steps) {
        steps.push_back({{"version", s.migration->version.value},
                         {"name", s.migration->name},
                         {"outcome", outcome_name(s.outcome)},
                         {"execution_ms", s.execution_ms}});
        if (s.outcome == Outcome::applied || s.outcome == Outcome::reverted)
            ++changed, total_ms += s.execution_ms;
    }
    std::optional<Version> current;
    if (Session* session = ctx.session(false); session) {
        auto const rows = ctx.runner(false).applied();
        if (!rows.empty()) current = rows.back().version;
    }
    ctx.out().doc()["current_version"] = current ? nlohmann::json(current->value) : nlohmann::json(nullptr);
    if (changed == 0 && std::none_of(result.steps.begin(), result.steps.end(), [](StepResult const& s) {
            return s.outcome == Outcome::would_apply || s.outcome == Outcome::would_revert;
        }))
        ctx.out().line("nothing to do; current version: " + version_text(current));
    else if (changed > 0)
        ctx.out().line(std::to_string(changed) + " migration(s) in " + std::to_string(total_ms) +
                       " ms; current version: " + version_text(current));
}

void print_sql(Context& ctx, RunResult const& result) {
    if (ctx.out().json) {
        ctx.out().doc()["sql"] = result.sql;
        return;
    }
    for (auto const& sql : result.sql) {
        std::cout << sql;
        if (sql.empty() || sql.back() != '\n') std::cout << '\n';
    }
}

} // namespace migrator::cli
