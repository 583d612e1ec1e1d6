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

std::string v_str(Version v) {
    return std::to_string(v.value);
}
} // namespace

std::string version_text(std::optional<Version> v) {
    return v ? v_str(*v) : "none";
}

std::string describe(Error const& e) {
    if (auto const* t = dynamic_cast<TargetNotInSet const*>(&e))
        return "--to " + v_str(t->version()) + " is not a version of the migration set";
    if (auto const* s = dynamic_cast<StepsOutOfRange const*>(&e))
        return s->asked() < 1 ? "--steps must be at least 1"
                              : "--steps " + std::to_string(s->asked()) + " is more than the " +
                                    std::to_string(s->available()) + " applied migration(s)";
    if (auto const* d = dynamic_cast<DirtyVersion const*>(&e)) {
        if (d->running_elsewhere()) return e.what();
        std::string const v = v_str(d->row().version);
        if (d->row().direction == Direction::down)
            return std::string(e.what()) +
                   "; if you finished the down by hand, run 'migrator repair --remove " + v +
                   "' (recorded as rolled back); if you restored what it removed, run 'migrator repair "
                   "--mark-applied " +
                   v + "' (recorded as applied)";
        return std::string(e.what()) + "; fix the database, then run 'migrator repair --mark-applied " + v +
               "' (you finished it by hand) or 'migrator repair --remove " + v + "' (you undid what ran)";
    }
    if (dynamic_cast<EmptyMigrationSet const*>(&e))
        return std::string(e.what()) + " (a wrong --dir? --allow-empty accepts it)";
    if (dynamic_cast<ChangedChecksum const*>(&e))
        return std::string(e.what()) + "; restore the file or pass --allow-changed";
    if (dynamic_cast<OutOfOrder const*>(&e))
        return std::string(e.what()) + "; pass --allow-out-of-order to apply it";
    if (auto const* s = dynamic_cast<ScratchServerNeeded const*>(&e))
        return "check on " + s->dialect() + " needs --database " + s->dialect() +
               "://... : a server on which it may create a scratch database";
    return e.what();
}

void StepPrinter::on_lock_waiting(LockWait const& wait) {
    if (said_waiting_ && out_.verbosity <= 0) return;
    said_waiting_ = true;
    out_.note("waiting for the migration lock on " + wait.table +
              (wait.holder.empty() ? "" : ", held by " + wait.holder) + " (" +
              std::to_string(wait.waited.count() / 1000) + " s so far)");
}

StepPrinter::StepPrinter(Output const& out) : out_(out) {
    if (out.terminal && !out.json && out.verbosity >= 0)
        progress_ = std::make_unique<ProgressLine>(std::cout);
}

void StepPrinter::on_run_planned(Direction, std::size_t steps) {
    total_ = steps;
    index_ = 0;
}

void StepPrinter::on_step_started(Migration const& m, Direction d) {
    ++index_;
    if (progress_) progress_->clear();
    out_.detail((d == Direction::up ? "applying  " : "reverting ") + m.folder + " ...");
    if (progress_)
        progress_->show("[" + std::to_string(index_) + "/" + std::to_string(std::max(total_, index_)) + "] " +
                        m.folder);
}

void StepPrinter::on_statement_done(Migration const& m, Direction, int done, int total) {
    // One statement at a time is a non-transactional migration's way; say how far it got.
    if (progress_ && !m.transactional && total > 1)
        progress_->detail("statement " + std::to_string(done) + "/" + std::to_string(total));
}

void StepPrinter::on_step_finished(StepResult const& step) {
    auto const& m = *step.migration;
    if (progress_) progress_->clear();
    switch (step.outcome) {
    case Outcome::applied:
        out_.line(out_.paint("applied") + "  " + m.folder + " (" + std::to_string(step.execution_ms) +
                  " ms)");
        break;
    case Outcome::reverted:
        out_.line(out_.paint("reverted") + " " + m.folder + " (" + std::to_string(step.execution_ms) +
                  " ms)");
        break;
    case Outcome::skipped:
        out_.detail("skipped  " + m.folder + " (not for this dialect)");
        break;
    case Outcome::already_done:
        out_.detail("done     " + m.folder + " (by another runner)");
        break;
    case Outcome::would_apply:
    case Outcome::would_revert:
        break; // dry runs are listed by report_run
    }
}

void report_run(Context& ctx, RunReport const& report) {
    auto& steps = ctx.out().doc()["steps"] = nlohmann::json::array();
    bool dry = false;
    for (auto const& s : report.steps) {
        steps.push_back({{"version", s.migration->version.value},
                         {"name", s.migration->name},
                         {"outcome", outcome_name(s.outcome)},
                         {"execution_ms", s.execution_ms}});
        if (s.outcome == Outcome::would_apply) ctx.out().line("would apply  " + s.migration->folder);
        if (s.outcome == Outcome::would_revert) ctx.out().line("would revert " + s.migration->folder);
        dry = dry || s.outcome == Outcome::would_apply || s.outcome == Outcome::would_revert;
    }
    auto const current = report.current_version;
    ctx.out().doc()["current_version"] = current ? nlohmann::json(current->value) : nlohmann::json(nullptr);
    if (report.changed() == 0 && !dry)
        ctx.out().line("nothing to do; current version: " + version_text(current));
    else if (report.changed() > 0)
        ctx.out().line(std::to_string(report.changed()) + " migration(s) in " +
                       std::to_string(report.total_ms()) + " ms; current version: " + version_text(current));
}

void print_sql(Context& ctx, RunReport const& report) {
    if (ctx.out().json) {
        ctx.out().doc()["sql"] = report.sql;
        return;
    }
    for (auto const& sql : report.sql)
        std::cout << sql << '\n';
}

} // namespace migrator::cli
