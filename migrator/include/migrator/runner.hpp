#pragma once
// Executes plans against one database (DESIGN.md "What a deployment relies on").
// Each transactional step: one transaction holding the re-check, the script and the
// version-row write. Non-transactional step: a dirty row first, statements one at a time
// with progress recorded, then the row made clean. The library prints nothing: it reports
// through an Observer.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migrator/dialect.hpp"
#include "migrator/planner.hpp"
#include "migrator/sql_sink.hpp"
#include "migrator/version_store.hpp"

namespace migrator {

enum class Outcome { applied, reverted, skipped, already_done, would_apply, would_revert };

struct StepResult {
    Migration const* migration;
    Outcome outcome;
    std::int64_t execution_ms = 0;
};

class Observer {
public:
    virtual ~Observer() = default;
    virtual void on_step(StepResult const&) {}
};

struct RunOptions {
    bool dry_run = false;       // plan only: change nothing
    bool allow_changed = false; // apply even though an applied checksum changed
    bool allow_out_of_order = false;
    // Set (by a signal handler) to stop after the step in flight; the run then throws (exit 1).
    std::atomic<bool> const* stop_requested = nullptr;
};

struct RunResult {
    std::vector<StepResult> steps;
    std::vector<std::string> sql; // --sql: every statement the run would execute
};

class Runner {
public:
    // `session` may be null for an offline run (--sql / --dry-run on a database that does not
    // exist yet); the run then assumes nothing is applied and writes nothing.
    Runner(Dialect const& dialect, Session* session, QualifiedName table, Timeout lock_timeout);

    // Throws CheckFailed (changed checksum, out-of-order), DatabaseError (dirty row),
    // ScriptError, LockTimeout, UsageError (bad target).
    RunResult up(MigrationSet const& set, std::optional<Version> to, RunOptions const& options,
                 Observer& observer);
    RunResult down(MigrationSet const& set, DownTarget target, RunOptions const& options, Observer& observer);
    // Offline SQL: what up/down would run, version-table writes included; touches nothing.
    RunResult up_sql(MigrationSet const& set, std::optional<Version> to);
    RunResult down_sql(MigrationSet const& set, DownTarget target);

    // Applied rows (none when the table or the database does not exist yet). Creates nothing.
    std::vector<AppliedRow> applied();

    // Resolve a dirty row: keep it as applied, or delete it. Throws UsageError when the version
    // has no dirty row.
    void repair_mark_applied(Version v);
    void repair_remove(Version v);
    // Record every migration up to `v` as applied without running it. Throws UsageError when the
    // version table already has rows or v is not in the set.
    std::vector<Migration const*> baseline(MigrationSet const& set, Version v);

private:
    void ensure_table();
    void apply(Migration const& m, RunOptions const& options, Observer& observer, RunResult& result);
    void revert(Migration const& m, Observer& observer, RunResult& result);
    void check_stop(RunOptions const& options) const;
    Session& live();

    Dialect const& dialect_;
    Session* session_;
    VersionStore store_;
    Timeout lock_timeout_;
};

} // namespace migrator
