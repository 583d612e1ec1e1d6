#include <filesystem>
#include <iostream>
#include <set>

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

char const* origin_text(AppliedRow::Origin origin) {
    return origin == AppliedRow::Origin::baseline   ? "baseline"
           : origin == AppliedRow::Origin::imported ? "import"
                                                    : "run";
}

bool is_timestamp_version(Version v) {
    return v.value >= 100'000'000'000;
}

std::string count_of(std::size_t n, std::string const& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string version_text(std::optional<Version> v) {
    return v ? v_str(*v) : "none";
}

std::string version_text(std::optional<Version> v, MigrationSet const& set) {
    if (!v) return "none";
    Migration const* m = set.find(*v);
    return m ? shown_version(*m) : v_str(*v);
}

// What to do about a connection that failed, from what the client library said.
std::string connection_fix(std::string const& message) {
    if (message.find("no password supplied") != std::string::npos ||
        message.find("password authentication failed") != std::string::npos)
        return "; give the password in the URL, in PGPASSWORD, or in ~/.pgpass "
               "(host:port:database:user:password)";
    if (std::size_t const at = message.find("database \"");
        at != std::string::npos && message.find("\" does not exist", at) != std::string::npos) {
        std::size_t const start = at + 10;
        return "; create it: createdb " + message.substr(start, message.find('"', start) - start);
    }
    if (message.find("Connection refused") != std::string::npos ||
        message.find("the database system is starting up") != std::string::npos)
        return "; is the server up? --wait 30s waits for it to answer";
    return "";
}

Version version_arg(MigrationSet const& set, std::string const& text, std::string const& what) {
    bool const option = what.rfind("--", 0) == 0;
    if (text.empty() || text.find_first_not_of("0123456789._-") != std::string::npos)
        throw UsageError((option ? what : "VERSION") + " expects a version number, got " +
                         plain_or_hidden(text));
    if (Migration const* m = set.find(text)) return m->version;
    if (text.find_first_not_of('0') == std::string::npos) return Version{0}; // down --to 0, goto 0
    throw UsageError(what + " " + text + (option ? " is" : ":") + " not a version of the migration set");
}

std::string describe(Error const& e) {
    if (auto const* t = dynamic_cast<TargetNotInSet const*>(&e))
        return "--to " + v_str(t->version()) + " is not a version of the migration set";
    if (auto const* s = dynamic_cast<StepsOutOfRange const*>(&e))
        return s->asked() < 1
                   ? "--steps must be at least 1"
                   : "--steps " + std::to_string(s->asked()) + " is more than the " +
                         count_of(s->available(),
                                  std::string(s->direction() == Direction::up ? "pending" : "applied") +
                                      " migration");
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
    if (dynamic_cast<EmptyMigrationSet const*>(&e)) {
        // Other tools' usual places, when ./migrations is not there: dbmate's and goose's
        // db/migrations, Rails' db/migrate, Flyway's sql/ and its Maven layout.
        std::error_code ec;
        if (!std::filesystem::exists("migrations", ec))
            for (char const* dir : {"db/migrations", "db/migrate", "sql", "src/main/resources/db/migration"})
                if (std::filesystem::is_directory(dir, ec) &&
                    std::string_view(e.what()).find("found in migrations") != std::string_view::npos)
                    return std::string(e.what()) + "; did you mean --dir " + dir + "?";
        return std::string(e.what()) + " (a wrong --dir? --allow-empty accepts it)";
    }
    if (dynamic_cast<ChangedChecksum const*>(&e))
        return std::string(e.what()) +
               "; restore the file, accept the edit with 'migrator repair --accept-checksum " +
               std::to_string(dynamic_cast<ChangedChecksum const&>(e).version().value) +
               "', or pass --allow-changed";
    if (dynamic_cast<OutOfOrder const*>(&e))
        return std::string(e.what()) + "; pass --allow-out-of-order to apply it";
    if (dynamic_cast<DatabaseError const*>(&e) &&
        std::string_view(e.what()).starts_with("cannot connect to "))
        return std::string(e.what()) + connection_fix(e.what());
    if (auto const* s = dynamic_cast<ScratchServerNeeded const*>(&e))
        return "check on " + s->dialect() + " needs --database " + s->dialect() +
               "://... : a server on which it may create a scratch database";
    return e.what();
}

void warn_about_set(MigrationSet const& set, Output& out, std::set<std::string>& said) {
    auto& warnings = out.doc()["warnings"];
    if (warnings.is_null()) warnings = nlohmann::json::array();
    auto warn = [&](char const* kind, Version v, std::string const& text) {
        if (!said.insert(text).second) return;
        warnings.push_back({{"kind", kind}, {"version", v.value}, {"message", text}});
        out.note("migrator: warning: " + text);
    };
    for (auto const& w : set.warnings())
        warn(w.kind.c_str(), w.version, w.message);
    bool sequence = false;
    std::optional<Version> first_timestamp;
    for (auto const& m : set.migrations()) {
        if (!m.version_text.empty()) continue; // Flyway's and diesel's versions are their own
        if (!is_timestamp_version(m.version))
            sequence = true;
        else if (!first_timestamp)
            first_timestamp = m.version;
        if (!m.for_this_dialect) continue;
        if (m.up.statements.empty() && !m.noop_up)
            warn("empty-up", m.version,
                 m.up.path.string() + ": the up script is empty (freshly scaffolded?): " + m.folder +
                     " stays pending, and up refuses to run it, until it holds SQL");
        else if (m.down.statements.empty() && !m.irreversible && !m.noop_up)
            // A valid no-op (diesel and golang-migrate sets hold many), but rolling it back changes nothing.
            warn("empty-down", m.version,
                 m.down.path == m.up.path ? m.up.path.string() + ": " + m.folder +
                                                " has no down script: rolling it back changes nothing"
                                          : m.down.path.string() + ": the down script is empty: rolling " +
                                                m.folder + " back changes nothing");
    }
    if (sequence && first_timestamp)
        warn("mixed-versions", *first_timestamp,
             "the set mixes sequence numbers and timestamps as versions; they sort by number, so every "
             "sequence number comes before every timestamp (keep to one kind)");
}

void StepPrinter::on_lock_waiting(LockWait const& wait) {
    // A lock taken within a second is not worth a word; after that, say who holds it, once.
    if (wait.waited < std::chrono::seconds(1) || (said_waiting_ && out_.verbosity <= 0)) return;
    said_waiting_ = true;
    out_.note("migrator: waiting for the migration lock" +
              (wait.holder.empty() ? "" : " held by " + wait.holder) + " on " + wait.table + " (" +
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

std::string StepPrinter::failure_note() const {
    if (!in_flight_ || !in_flight_->transactional) return {};
    std::string const earlier = std::to_string(done_) + " earlier migration" + (done_ == 1 ? "" : "s");
    return direction_ == Direction::up
               ? "; rolled back; " + earlier + " stay" + (done_ == 1 ? "s" : "") + " applied"
               : "; rolled back; " + earlier + " stay" + (done_ == 1 ? "s" : "") + " reverted";
}

void StepPrinter::on_step_started(Migration const& m, Direction d) {
    in_flight_ = &m;
    direction_ = d;
    ++index_;
    set_migration_in_flight(m.folder);
    if (progress_) progress_->clear();
    // A terminal has the progress line for this; a log gets a line, so that a hang shows where.
    if (!progress_) out_.line((d == Direction::up ? "applying  " : "reverting ") + m.folder + " ...");
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
    set_migration_in_flight("");
    in_flight_ = nullptr;
    if (step.outcome == Outcome::applied || step.outcome == Outcome::reverted) ++done_;
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

void report_run(Context& ctx, RunReport const& report, std::optional<std::string> const& target) {
    bool const json = ctx.out().json; // a 10,000-step document costs more than the run's output
    auto& steps = ctx.out().doc()["steps"] = nlohmann::json::array();
    bool dry = false;
    for (auto const& s : report.steps) {
        if (json) {
            steps.push_back({{"version", s.migration->version.value},
                             {"name", s.migration->name},
                             {"outcome", outcome_name(s.outcome)},
                             {"execution_ms", s.execution_ms}});
            if (s.migration->repeatable) steps.back()["repeatable"] = s.migration->folder;
            if (!s.migration->version_text.empty()) steps.back()["shown_version"] = s.migration->version_text;
        }
        if (s.outcome == Outcome::would_apply) ctx.out().line("would apply  " + s.migration->folder);
        if (s.outcome == Outcome::would_revert) ctx.out().line("would revert " + s.migration->folder);
        dry = dry || s.outcome == Outcome::would_apply || s.outcome == Outcome::would_revert;
    }
    auto const current = report.current_version;
    std::string const current_text = report.current_shown.empty() ? "none" : report.current_shown;
    ctx.out().doc()["current_version"] = current ? nlohmann::json(current->value) : nlohmann::json(nullptr);
    if (report.target_behind_current) ctx.out().doc()["target_behind_current"] = true;
    // Not an error: the database is past the target; but an up never goes back, so say how to.
    if (report.changed() == 0 && !dry && report.target_behind_current && target)
        ctx.out().line("version " + *target + " is already applied (current " + current_text +
                       "); to go back: migrator down --to " + *target);
    else if (report.changed() == 0 && !dry)
        ctx.out().line("nothing to do; current version: " + current_text);
    else if (report.changed() > 0)
        ctx.out().line(count_of(static_cast<std::size_t>(report.changed()), "migration") + " in " +
                       std::to_string(ctx.elapsed_ms()) +
                       " ms (wall clock); current version: " + current_text);
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
