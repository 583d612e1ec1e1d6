#include "engine/executor.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "engine/scoped_lock.hpp"
#include "engine/transaction.hpp"
#include "migrator/errors.hpp"
#include "source/foreign_history.hpp"
#include "source/script_builder.hpp"

namespace migrator {

namespace {

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
        .count();
}

struct Refusals {
    bool changed = true;
    bool out_of_order = true;
};

void refuse(Problems const& p, Refusals r) {
    if (!p.dirty.empty()) throw DirtyVersion(p.dirty.front());
    if (r.changed && !p.changed.empty())
        throw ChangedChecksum(*p.changed.front().migration, p.changed.front().recorded);
    if (r.out_of_order && !p.out_of_order.empty()) throw OutOfOrder(*p.out_of_order.front());
}

std::string step_comment(Migration const& m, Direction d) {
    Script const& s = m.script(d); // its path only: the same split or not
    return m.folder + " (" + (d == Direction::up ? "up" : "down") + ", " + s.path.filename().string() +
           (m.transactional ? "" : ", no transaction") + ")";
}

} // namespace

Executor::Executor(Connection* reader, Sink& sink, bool live, VersionStore const& store, Observer& observer,
                   RunControl const& control)
    : reader_(reader), sink_(sink), live_(live), store_(store), observer_(observer), control_(control) {}

void Executor::enter_schema() {
    if (!schema_.empty())
        sink_.write(SqlCommand(store_.dialect().search_path_sql(schema_, true)), std::nullopt);
}

void Executor::require_session_for(Plan const& plan) const {
    if (schema_.empty() || !live_) return;
    auto const step = std::find_if(plan.steps.begin(), plan.steps.end(),
                                   [](Step const& s) { return !s.migration->transactional; });
    if (step == plan.steps.end() || !reader_->behind_transaction_pooler()) return;
    throw UsageError(step->migration->folder +
                     " runs without a transaction, and the connection goes through a "
                     "transaction pooler (its server backend changes between transactions), where the "
                     "search_path of schema " +
                     schema_ +
                     " cannot stay with it: run this migration over a "
                     "direct connection or a session-pooled one; nothing ran");
}

void Executor::run_outside_transaction(Migration const& m, Direction d) {
    if (schema_.empty()) return run_script(m, d, true);
    Dialect const& dialect = store_.dialect();
    sink_.write(SqlCommand(dialect.search_path_sql(schema_, false)), std::nullopt);
    try {
        run_script(m, d, true);
    } catch (...) {
        try { // the connection may be an application's, which keeps it afterwards
            sink_.write(SqlCommand(dialect.reset_search_path_sql()), std::nullopt);
        } catch (...) { // the script's own failure is the one to report
        }
        throw;
    }
    sink_.write(SqlCommand(dialect.reset_search_path_sql()), std::nullopt);
}

void Executor::refuse_early(MigrationSet const&, Plan const& plan, UpOptions const& options) {
    for (auto const& step : plan.steps) {
        Migration const& m = *step.migration;
        if (!m.noop_up && m.up.statements.empty() && blank_sql(m.up.text)) Planner::require_statements(m.up);
        if (options.single_transaction && !m.transactional)
            throw UsageError("a single transaction cannot hold " + m.folder +
                             ", which runs without one (a statement such as CREATE INDEX CONCURRENTLY, or "
                             "transaction: false); nothing ran");
    }
}

void Executor::check_stop() const {
    if (control_.stop_requested())
        throw Interrupted("interrupted: stopped before the next migration; the lock is released");
}

std::vector<AppliedRow> Executor::read_rows() {
    if (!reader_) return {};
    columns_ = store_.columns(*reader_);
    repeatable_rows_.clear();
    return store_.read(*reader_, columns_, &repeatable_rows_);
}

std::vector<AppliedRow> Executor::read_ensured_rows() {
    repeatable_rows_.clear();
    return reader_ ? store_.read(*reader_, columns_, &repeatable_rows_) : std::vector<AppliedRow>{};
}

std::vector<Migration const*> Executor::due_repeatables(MigrationSet const& set,
                                                        UpOptions const& options) const {
    std::vector<Migration const*> due;
    // Only a run to the end: a repeatable may use anything the versioned migrations make.
    if (options.to || options.steps) return due;
    for (auto const& r : set.repeatables()) {
        auto const row = std::find_if(repeatable_rows_.begin(), repeatable_rows_.end(),
                                      [&](AppliedRow const& a) { return a.version == r.version; });
        if (row == repeatable_rows_.end() || row->checksum != r.up.checksum) due.push_back(&r);
    }
    return due;
}

void Executor::rerun(Migration const& r, Splitter const& split, RunReport& report) {
    check_stop();
    auto finished = [&](Outcome outcome, std::int64_t ms) {
        report.steps.push_back({&r, outcome, ms});
        observer_.on_step_finished(report.steps.back());
    };
    Script const& script = split_.emplace(r.version.value, split ? split(r) : r.up).first->second;
    observer_.on_step_started(r, Direction::up);
    auto const start = std::chrono::steady_clock::now();
    std::optional<Transaction> tx;
    if (r.transactional) {
        tx.emplace(sink_);
        enter_schema();
        // Re-checked inside the write: another runner may have run this text meanwhile.
        if (live_)
            if (auto row = store_.find(*reader_, r.version); row && row->checksum == r.up.checksum)
                return finished(Outcome::already_done, 0);
    }
    sink_.comment(r.folder + " (repeatable, " + script.path.filename().string() +
                  (r.transactional ? "" : ", no transaction") + ")");
    for (std::size_t i = 0; i < script.statements.size(); ++i)
        sink_.run(script, script.statements[i], static_cast<int>(i) + 1);
    auto const ms = elapsed_ms(start);
    sink_.write(store_.remove(r.version), std::nullopt);
    sink_.write(store_.record_repeatable(r, ms), 1);
    if (tx) tx->commit();
    finished(Outcome::applied, ms);
}

std::vector<AppliedRow> Executor::applied() {
    return read_rows();
}

void Executor::ensure_table() {
    columns_ = reader_ ? store_.columns(*reader_) : std::vector<std::string>{};
    auto const statements = store_.ensure_statements(columns_);
    if (statements.empty()) return;
    Transaction tx(sink_);
    for (auto const& ddl : statements)
        sink_.write(ddl, std::nullopt);
    tx.commit();
    if (live_) columns_ = store_.columns(*reader_); // a script assumes an empty table it made
}

void Executor::finish(RunReport& report, std::vector<AppliedRow> const& before, MigrationSet const& set) {
    std::set<Version> versions;
    for (auto const& r : before)
        versions.insert(r.version);
    if (!versions.empty()) report.previous_version = *versions.rbegin();
    for (auto const& s : report.steps) {
        if (s.migration->repeatable) continue;
        if (s.outcome == Outcome::applied || s.outcome == Outcome::already_done)
            versions.insert(s.migration->version);
        if (s.outcome == Outcome::reverted) versions.erase(s.migration->version);
    }
    if (!versions.empty()) report.current_version = *versions.rbegin();
    auto shown = [&](std::optional<Version> v) {
        if (!v) return std::string();
        Migration const* m = set.find(*v);
        return m ? shown_version(*m) : std::to_string(v->value);
    };
    report.current_shown = shown(report.current_version);
    report.previous_shown = shown(report.previous_version);
}

void Executor::require_writable() {
    if (!live_) return;
    std::string const reason = reader_->read_only_reason();
    if (!reason.empty()) throw DatabaseError("read-only: " + reason);
}

RunReport Executor::up(MigrationSet const& set, UpOptions const& options, Splitter const& split) {
    RunReport report;
    Refusals const refusals{!options.allow_changed, !options.allow_out_of_order};
    if (options.dry_run) {
        auto const rows = read_rows();
        refuse(Planner::inspect(set, rows), refusals);
        Plan const plan = Planner::plan_up(set, rows, options.to, options.steps);
        for (auto const* m : plan.skipped)
            report.steps.push_back({m, Outcome::skipped, 0});
        for (auto const& step : plan.steps)
            report.steps.push_back({step.migration, Outcome::would_apply, 0});
        for (auto const* r : due_repeatables(set, options))
            report.steps.push_back({r, Outcome::would_apply, 0});
        report.target_behind_current = plan.target_behind_current;
        finish(report, rows, set);
        return report;
    }
    require_writable();
    if (reader_) {
        // What every deploy pays: when a committed read shows nothing to do, the run is over
        // without the lock (a run that starts later finds the same). A dirty row needs the
        // lock, to tell a migration still running elsewhere from one that stopped.
        auto const rows = read_rows();
        Problems const problems = Planner::inspect(set, rows);
        // A database another tool manages: its tables would look pending. Refused before anything.
        if (rows.empty() && live_)
            if (auto const foreign = ForeignHistory::find(*reader_))
                throw UsageError(foreign->message() + "; nothing was run");
        if (problems.dirty.empty()) {
            if (!columns_.empty()) refuse(problems, refusals);
            Plan const plan = Planner::plan_up(set, rows, options.to, options.steps, !split);
            // Before the lock and before the version table is made: a refusal changes nothing.
            refuse_early(set, plan, options);
            require_session_for(plan);
            if (!columns_.empty() && plan.steps.empty() && due_repeatables(set, options).empty()) {
                for (auto const* m : plan.skipped)
                    report.steps.push_back({m, Outcome::skipped, 0});
                report.target_behind_current = plan.target_behind_current;
                finish(report, rows, set);
                return report;
            }
        }
    }
    ScopedLock lock(sink_, store_.table());
    ensure_table();
    auto const rows = read_ensured_rows(); // after the lock: what other runners did is visible now
    refuse(Planner::inspect(set, rows), refusals);
    Plan const plan = Planner::plan_up(set, rows, options.to, options.steps, !split);
    if (split) {
        // The steps' scripts, split from the text already read, every one before the first runs:
        // a malformed script is refused before anything is applied.
        split_.clear();
        split_.reserve(plan.steps.size());
        for (auto const& step : plan.steps) {
            Script const& script =
                split_.emplace(step.migration->version.value, split(*step.migration)).first->second;
            if (!step.migration->noop_up) Planner::require_statements(script);
        }
    }
    for (auto const* m : plan.skipped) {
        report.steps.push_back({m, Outcome::skipped, 0});
        observer_.on_step_finished(report.steps.back());
    }
    report.target_behind_current = plan.target_behind_current;
    auto const repeatables = due_repeatables(set, options);
    if (live_ && plan.steps.size() + repeatables.size() > 0)
        observer_.on_run_planned(Direction::up, plan.steps.size() + repeatables.size());
    run_steps(plan, options.single_transaction, report);
    for (auto const* r : repeatables)
        rerun(*r, split, report);
    lock.release();
    finish(report, rows, set);
    if (control_.stop_requested() && !plan.steps.empty())
        throw Interrupted("interrupted: the migration in flight finished; the lock is released");
    return report;
}

RunReport Executor::down(MigrationSet const& set, DownOptions const& options) {
    RunReport report;
    std::optional<ScopedLock> lock;
    if (!options.dry_run) {
        require_writable();
        lock.emplace(sink_, store_.table());
    }
    auto const rows = read_rows();
    // A changed up script does not stop its down, nor does an unapplied older one.
    refuse(Planner::inspect(set, rows), {false, false});
    Plan const plan = Planner::plan_down(set, rows, options.target);
    if (options.dry_run) {
        for (auto const& step : plan.steps)
            report.steps.push_back({step.migration, Outcome::would_revert, 0});
    } else if (!plan.steps.empty()) {
        require_session_for(plan);
        ensure_table(); // a table from an older migrator gains columns
        if (live_) observer_.on_run_planned(Direction::down, plan.steps.size());
        run_steps(plan, options.single_transaction, report);
    }
    if (lock) lock->release();
    finish(report, rows, set);
    if (control_.stop_requested() && !plan.steps.empty() && !options.dry_run)
        throw Interrupted("interrupted: the migration in flight finished; the lock is released");
    return report;
}

RunReport Executor::redo(MigrationSet const& set) {
    RunReport report;
    require_writable();
    ScopedLock lock(sink_, store_.table());
    auto const rows = read_rows();
    refuse(Planner::inspect(set, rows), {false, false});
    Plan const plan = Planner::plan_down(set, rows, {DownTarget::Kind::last, 1, {}});
    if (plan.steps.empty()) throw UsageError("nothing to redo: no migration is applied");
    Migration const& m = *plan.steps.front().migration;
    if (!m.noop_up) Planner::require_statements(m.up);
    ensure_table();
    if (live_) observer_.on_run_planned(Direction::down, 2);
    check_stop();
    revert(m, report);
    check_stop();
    apply(m, report);
    lock.release();
    finish(report, rows, set);
    return report;
}

void Executor::run_steps(Plan const& plan, bool single_transaction, RunReport& report) {
    auto run = [&](Step const& step) {
        check_stop();
        step.direction == Direction::up ? apply(*step.migration, report) : revert(*step.migration, report);
    };
    if (!single_transaction) {
        for (auto const& step : plan.steps)
            run(step);
        return;
    }
    for (auto const& step : plan.steps)
        if (!step.migration->transactional)
            throw UsageError("a single transaction cannot hold " + step.migration->folder +
                             ", which runs without one (a statement such as CREATE INDEX CONCURRENTLY, or "
                             "transaction: false); nothing ran");
    // One BEGIN, every step's scripts and rows, one COMMIT: a failure anywhere, or a stop
    // request, rolls back every step of the run.
    Transaction tx(sink_);
    enter_schema();
    if (live_) {
        batch_recorded_.clear();
        for (auto const& row : store_.read(*reader_, columns_)) // sorted by version
            batch_recorded_.push_back(row.version.value);
    }
    struct Batch { // the steps open no transaction of their own while it lasts
        bool& on;
        explicit Batch(bool& flag) : on(flag) { on = true; }
        ~Batch() { on = false; }
    } const batch(batch_);
    for (auto const& step : plan.steps)
        run(step);
    tx.commit();
}

bool Executor::recorded(Version v) const {
    if (!batch_) return store_.find(*reader_, v).has_value();
    return std::binary_search(batch_recorded_.begin(), batch_recorded_.end(), v.value);
}

void Executor::run_script(Migration const& m, Direction d, bool progress_rows) {
    auto const split = d == Direction::up ? split_.find(m.version.value) : split_.end();
    Script const& script = split != split_.end() ? split->second : m.script(d);
    int const total = static_cast<int>(script.statements.size());
    for (int i = 0; i < total; ++i) {
        sink_.run(script, script.statements[static_cast<std::size_t>(i)], i + 1);
        if (progress_rows) sink_.write(store_.progress(m.version, i + 1, d), 1);
        observer_.on_statement_done(m, d, i + 1, total);
        // Without a transaction, a stop cannot wait for the whole script: it ends after the
        // statement in flight, and the row stays dirty with the count of those that ran.
        if (progress_rows && i + 1 < total && control_.stop_requested())
            throw Interrupted("interrupted: " + m.folder + " (no transaction) stopped after statement " +
                              std::to_string(i + 1) + " of " + std::to_string(total) +
                              "; its row stays dirty; the lock is released");
    }
}

void Executor::apply(Migration const& m, RunReport& report) {
    auto finished = [&](Outcome outcome, std::int64_t ms) {
        report.steps.push_back({&m, outcome, ms});
        observer_.on_step_finished(report.steps.back());
    };
    observer_.on_step_started(m, Direction::up);
    if (m.transactional) {
        std::optional<Transaction> tx; // none of its own inside a single-transaction run
        if (!batch_) {
            tx.emplace(sink_);
            enter_schema();
        }
        // Re-checked inside the write transaction: another runner may have applied it meanwhile.
        if (live_ && recorded(m.version)) return finished(Outcome::already_done, 0);
        sink_.comment(step_comment(m, Direction::up));
        auto const start = std::chrono::steady_clock::now();
        run_script(m, Direction::up, false);
        auto const ms = elapsed_ms(start);
        sink_.write(store_.insert(m, ms, false), 1);
        if (tx) tx->commit();
        return finished(Outcome::applied, ms);
    }
    {
        Transaction tx(sink_);
        if (auto row = live_ ? store_.find(*reader_, m.version) : std::nullopt) {
            if (row->dirty) throw DirtyVersion(*row, true);
            return finished(Outcome::already_done, 0);
        }
        sink_.write(store_.insert(m, 0, true), 1);
        tx.commit();
    }
    sink_.comment(step_comment(m, Direction::up));
    auto const start = std::chrono::steady_clock::now();
    run_outside_transaction(m, Direction::up);
    auto const ms = elapsed_ms(start);
    sink_.write(store_.mark_clean(m.version, ms), 1);
    finished(Outcome::applied, ms);
}

void Executor::revert(Migration const& m, RunReport& report) {
    auto finished = [&](Outcome outcome, std::int64_t ms) {
        report.steps.push_back({&m, outcome, ms});
        observer_.on_step_finished(report.steps.back());
    };
    observer_.on_step_started(m, Direction::down);
    auto const start = std::chrono::steady_clock::now();
    if (m.transactional) {
        std::optional<Transaction> tx; // none of its own inside a single-transaction run
        if (!batch_) {
            tx.emplace(sink_);
            enter_schema();
        }
        if (live_ && !recorded(m.version)) return finished(Outcome::already_done, 0);
        sink_.comment(step_comment(m, Direction::down));
        run_script(m, Direction::down, false);
        sink_.write(store_.remove(m.version), 1);
        if (tx) tx->commit();
        return finished(Outcome::reverted, elapsed_ms(start));
    }
    {
        // Dirty, with the direction, while the down runs statement by statement: a half-run down
        // is then recorded as such, with the count of its statements that ran.
        Transaction tx(sink_);
        if (live_) {
            auto row = store_.find(*reader_, m.version);
            if (!row) return finished(Outcome::already_done, 0);
            if (row->dirty) throw DirtyVersion(*row, true);
        }
        sink_.write(store_.progress(m.version, 0, Direction::down), 1);
        tx.commit();
    }
    sink_.comment(step_comment(m, Direction::down));
    run_outside_transaction(m, Direction::down);
    sink_.write(store_.remove(m.version), 1);
    finished(Outcome::reverted, elapsed_ms(start));
}

void Executor::repair(Version v, bool mark_applied) {
    require_writable();
    ScopedLock lock(sink_, store_.table());
    ensure_table();
    Transaction tx(sink_);
    // Checked inside the write, under the lock: a row another runner just finished is clean.
    auto const row = reader_ ? store_.find(*reader_, v) : std::nullopt;
    if (!row) throw UsageError("version " + std::to_string(v.value) + " has no row in the version table");
    if (!row->dirty)
        throw UsageError("version " + std::to_string(v.value) + " is not dirty; there is nothing to repair");
    sink_.write(mark_applied ? store_.mark_clean(v, row->execution_ms) : store_.remove(v), 1);
    tx.commit();
    lock.release();
}

std::vector<Migration const*> Executor::baseline(MigrationSet const& set, Version v) {
    if (!set.find(v)) throw TargetNotInSet(v);
    std::vector<Migration const*> upto;
    for (auto const& m : set.migrations())
        if (m.version <= v && m.for_this_dialect) upto.push_back(&m);
    return record(upto, "baseline");
}

std::vector<Migration const*> Executor::record(std::vector<Migration const*> const& migrations,
                                               std::string const& operation) {
    require_writable();
    ScopedLock lock(sink_, store_.table());
    ensure_table();
    Transaction tx(sink_);
    if (!read_ensured_rows().empty())
        throw UsageError(operation + " needs an empty version table; " + store_.table().text() +
                         " already has rows");
    for (auto const* m : migrations)
        sink_.write(store_.insert(*m, 0, false,
                                  operation == "baseline" ? AppliedRow::Origin::baseline
                                                          : AppliedRow::Origin::imported),
                    1);
    tx.commit();
    lock.release();
    return migrations;
}

std::string Executor::accept_checksum(MigrationSet const& set, Version v) {
    require_writable();
    ScopedLock lock(sink_, store_.table());
    ensure_table();
    std::string const version = std::to_string(v.value);
    Migration const* m = set.find(v);
    if (!m) throw TargetNotInSet(v);
    if (!m->for_this_dialect)
        throw UsageError(m->folder + " is not for this dialect; it has no checksum here");
    Transaction tx(sink_);
    // Read inside the write, under the lock: what another runner just did is visible.
    auto const rows = read_ensured_rows();
    auto const row =
        std::find_if(rows.begin(), rows.end(), [&](AppliedRow const& r) { return r.version == v; });
    if (row == rows.end())
        throw UsageError("version " + version + " is not applied; there is no checksum to accept");
    if (row->dirty)
        throw UsageError("version " + version + " is dirty; repair it first (mark it applied or remove it)");
    if (row->checksum == m->up.checksum) return {};
    for (auto const& ddl : store_.accept_checksum_columns(columns_))
        sink_.write(ddl, std::nullopt);
    sink_.write(store_.accept_checksum(*m, row->checksum), 1);
    tx.commit();
    lock.release();
    return row->checksum;
}

} // namespace migrator
