#include "migrator/runner.hpp"

#include <chrono>

#include "migrator/errors.hpp"
#include "migrator/scoped_lock.hpp"
#include "migrator/transaction.hpp"

namespace migrator {

namespace {

std::int64_t elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
        .count();
}

std::string v_str(Version v) {
    return std::to_string(v.value);
}

void refuse_problems(Problems const& p, RunOptions const& options) {
    if (!p.dirty.empty()) {
        auto const& row = p.dirty.front();
        throw DatabaseError(
            "version " + v_str(row.version) + " (" + row.name +
            ") is dirty: a non-transactional migration stopped after " + std::to_string(row.statements_done) +
            " statement(s); fix the database, then run 'migrator repair --mark-applied " +
            v_str(row.version) + "' or 'migrator repair --remove " + v_str(row.version) + "'");
    }
    if (!p.changed.empty() && !options.allow_changed) {
        auto const& c = p.changed.front();
        throw CheckFailed("applied migration " + c.migration->folder + " has changed since it was applied (" +
                          c.migration->up.path.string() + " checksum " +
                          c.migration->up.checksum.substr(0, 12) + ", recorded " + c.recorded.substr(0, 12) +
                          "); restore the file or pass --allow-changed");
    }
    if (!p.out_of_order.empty() && !options.allow_out_of_order) {
        auto const* m = p.out_of_order.front();
        throw CheckFailed("pending migration " + m->folder +
                          " is older than the newest applied version; pass --allow-out-of-order to apply it");
    }
}

} // namespace

Runner::Runner(Dialect const& dialect, Session* session, QualifiedName table, Timeout lock_timeout)
    : dialect_(dialect), session_(session), store_(dialect, std::move(table)), lock_timeout_(lock_timeout) {}

Session& Runner::live() {
    if (!session_) throw DatabaseError("no database connection");
    return *session_;
}

void Runner::check_stop(RunOptions const& options) const {
    if (options.stop_requested && options.stop_requested->load())
        throw DatabaseError("interrupted: stopped before the next migration; the lock is released");
}

void Runner::ensure_table() {
    Session& s = live();
    if (store_.exists(s)) return;
    Transaction tx(dialect_, s);
    LiveSink sink(dialect_, s);
    for (auto const& sql : store_.create_statements())
        sink.execute(sql);
    tx.commit();
}

std::vector<AppliedRow> Runner::applied() {
    return session_ ? store_.read(*session_) : std::vector<AppliedRow>{};
}

RunResult Runner::up(MigrationSet const& set, std::optional<Version> to, RunOptions const& options,
                     Observer& observer) {
    RunResult result;
    std::optional<ScopedLock> lock;
    if (!options.dry_run) {
        lock.emplace(dialect_, live(), store_.table(), lock_timeout_);
        ensure_table();
    }
    auto const rows = applied();
    refuse_problems(Planner::inspect(set, rows), options);
    Plan const plan = Planner::plan_up(set, rows, to);
    for (auto const* m : plan.skipped) {
        result.steps.push_back({m, Outcome::skipped, 0});
        observer.on_step(result.steps.back());
    }
    for (auto const& step : plan.steps) {
        check_stop(options);
        if (options.dry_run) {
            result.steps.push_back({step.migration, Outcome::would_apply, 0});
            observer.on_step(result.steps.back());
        } else {
            apply(*step.migration, options, observer, result);
        }
    }
    return result;
}

void Runner::apply(Migration const& m, RunOptions const&, Observer& observer, RunResult& result) {
    Session& s = live();
    LiveSink sink(dialect_, s);
    auto report = [&](Outcome outcome, std::int64_t ms) {
        result.steps.push_back({&m, outcome, ms});
        observer.on_step(result.steps.back());
    };
    if (m.transactional) {
        Transaction tx(dialect_, s);
        // Re-checked inside the write transaction: another runner may have applied it meanwhile.
        if (store_.find(s, m.version)) return report(Outcome::already_done, 0);
        auto const start = std::chrono::steady_clock::now();
        dialect_.run_script(s, m.up, {});
        auto const ms = elapsed_ms(start);
        store_.insert(sink, m, ms, false);
        tx.commit();
        return report(Outcome::applied, ms);
    }
    {
        Transaction tx(dialect_, s);
        if (auto row = store_.find(s, m.version)) {
            if (row->dirty)
                throw DatabaseError("version " + v_str(m.version) + " (" + m.name +
                                    ") is dirty: another runner is applying it, or one stopped half-way");
            return report(Outcome::already_done, 0);
        }
        store_.insert(sink, m, 0, true);
        tx.commit();
    }
    auto const start = std::chrono::steady_clock::now();
    dialect_.run_script(s, m.up, [&](int done) { store_.record_progress(sink, m.version, done); });
    auto const ms = elapsed_ms(start);
    store_.mark_clean(sink, m.version, ms);
    report(Outcome::applied, ms);
}

RunResult Runner::down(MigrationSet const& set, DownTarget target, RunOptions const& options,
                       Observer& observer) {
    RunResult result;
    std::optional<ScopedLock> lock;
    if (!options.dry_run) lock.emplace(dialect_, live(), store_.table(), lock_timeout_);
    auto const rows = applied();
    auto problems = Planner::inspect(set, rows);
    problems.changed.clear(); // a changed up script does not stop its down from running
    problems.out_of_order.clear();
    refuse_problems(problems, options);
    Plan const plan = Planner::plan_down(set, rows, target);
    for (auto const& step : plan.steps) {
        check_stop(options);
        if (options.dry_run) {
            result.steps.push_back({step.migration, Outcome::would_revert, 0});
            observer.on_step(result.steps.back());
        } else {
            revert(*step.migration, observer, result);
        }
    }
    return result;
}

void Runner::revert(Migration const& m, Observer& observer, RunResult& result) {
    Session& s = live();
    LiveSink sink(dialect_, s);
    auto report = [&](Outcome outcome, std::int64_t ms) {
        result.steps.push_back({&m, outcome, ms});
        observer.on_step(result.steps.back());
    };
    auto const start = std::chrono::steady_clock::now();
    if (m.transactional) {
        Transaction tx(dialect_, s);
        if (!store_.find(s, m.version)) return report(Outcome::already_done, 0);
        dialect_.run_script(s, m.down, {});
        store_.remove(sink, m.version);
        tx.commit();
        return report(Outcome::reverted, elapsed_ms(start));
    }
    store_.record_progress(sink, m.version, 0); // dirty while the down runs statement by statement
    dialect_.run_script(s, m.down, {});
    store_.remove(sink, m.version);
    report(Outcome::reverted, elapsed_ms(start));
}

namespace {
void emit_script(ScriptSink& sink, Migration const& m, Script const& script, char const* direction) {
    sink.execute("-- " + m.folder + " (" + direction + ", " + script.path.filename().string() + ")\n" +
                 script.text);
}
} // namespace

RunResult Runner::up_sql(MigrationSet const& set, std::optional<Version> to) {
    auto const rows = applied();
    ScriptSink sink;
    if (!session_ || !store_.exists(*session_))
        for (auto const& sql : store_.create_statements())
            sink.execute(sql + ";");
    for (auto const& step : Planner::plan_up(set, rows, to).steps) {
        Migration const& m = *step.migration;
        ScriptSink row;
        if (m.transactional) {
            sink.execute(dialect_.begin_sql() + ";");
            emit_script(sink, m, m.up, "up");
            store_.insert(row, m, 0, false);
            sink.execute(row.statements().back() + ";");
            sink.execute("COMMIT;");
        } else {
            store_.insert(row, m, 0, true);
            store_.mark_clean(row, m.version, 0);
            sink.execute(row.statements().front() + ";");
            emit_script(sink, m, m.up, "up, no transaction");
            sink.execute(row.statements().back() + ";");
        }
    }
    return {{}, sink.statements()};
}

RunResult Runner::down_sql(MigrationSet const& set, DownTarget target) {
    ScriptSink sink;
    for (auto const& step : Planner::plan_down(set, applied(), target).steps) {
        Migration const& m = *step.migration;
        ScriptSink row;
        store_.remove(row, m.version);
        if (m.transactional) sink.execute(dialect_.begin_sql() + ";");
        emit_script(sink, m, m.down, m.transactional ? "down" : "down, no transaction");
        sink.execute(row.statements().back() + ";");
        if (m.transactional) sink.execute("COMMIT;");
    }
    return {{}, sink.statements()};
}

namespace {
AppliedRow dirty_row(std::vector<AppliedRow> const& rows, Version v) {
    for (auto const& r : rows)
        if (r.version == v) {
            if (!r.dirty)
                throw UsageError("version " + v_str(v) + " is not dirty; there is nothing to repair");
            return r;
        }
    throw UsageError("version " + v_str(v) + " has no row in the version table");
}
} // namespace

void Runner::repair_mark_applied(Version v) {
    ScopedLock lock(dialect_, live(), store_.table(), lock_timeout_);
    auto const row = dirty_row(applied(), v);
    LiveSink sink(dialect_, live());
    store_.mark_clean(sink, v, row.execution_ms);
}

void Runner::repair_remove(Version v) {
    ScopedLock lock(dialect_, live(), store_.table(), lock_timeout_);
    dirty_row(applied(), v);
    LiveSink sink(dialect_, live());
    store_.remove(sink, v);
}

std::vector<Migration const*> Runner::baseline(MigrationSet const& set, Version v) {
    if (!set.find(v)) throw UsageError("baseline " + v_str(v) + " is not a version of the migration set");
    ScopedLock lock(dialect_, live(), store_.table(), lock_timeout_);
    ensure_table();
    Transaction tx(dialect_, live());
    if (!store_.read(live()).empty())
        throw UsageError("baseline needs an empty version table; " + store_.table().text() +
                         " already has rows");
    LiveSink sink(dialect_, live());
    std::vector<Migration const*> recorded;
    for (auto const& m : set.migrations()) {
        if (m.version > v) break;
        if (!m.for_this_dialect) continue;
        store_.insert(sink, m, 0, false);
        recorded.push_back(&m);
    }
    tx.commit();
    return recorded;
}

} // namespace migrator
