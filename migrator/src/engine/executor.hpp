#pragma once
// The one executor (DESIGN.md "--sql ... is produced by the same executor as a live run"). It
// builds every statement of a run, for up and down, transactional and not: the lock, BEGIN,
// the in-transaction re-check, each script statement, every version-table write, COMMIT; and
// sends them to one Sink, which runs them (LiveSink) or prints them (ScriptSink).
//
// Transactional step: one transaction holding the re-check, the script and the version-row
// write. Non-transactional step: a dirty row (committed), each statement in autocommit followed
// by a progress write, then the row made clean (up) or deleted (down).

#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/planner.hpp"
#include "engine/sink.hpp"
#include "engine/version_store.hpp"
#include "migrator/connection.hpp"
#include "migrator/observer.hpp"
#include "migrator/options.hpp"
#include "migrator/run_report.hpp"

namespace migrator {

class Executor {
public:
    // `reader`: where the version table is read (null: there is no database yet, so nothing is
    // applied). `live`: `sink` runs on `reader`, so re-checks inside transactions are made;
    // false for a script, which assumes the state read at the start.
    Executor(Connection* reader, Sink& sink, bool live, VersionStore const& store, Observer& observer,
             RunControl const& control);

    // Splits one migration's up script (read with LoadScope::up_text) into statements.
    using Splitter = std::function<Script(Migration const&)>;
    // With `split`, `set` was loaded with LoadScope::up_text (no statements): it decides whether
    // there is anything to do, and only the planned steps' scripts are split, from the text
    // already read (the no-op every deploy pays splits nothing). Without it, `set` is split.
    RunReport up(MigrationSet const& set, UpOptions const& options, Splitter const& split = {});
    RunReport down(MigrationSet const& set, DownOptions const& options);
    // The newest applied migration's down, then its up again, under one lock. UsageError when
    // none is applied, IrreversibleMigration when it has no down.
    RunReport redo(MigrationSet const& set);
    // Resolve a dirty row (under the lock, re-checked inside the write).
    void repair(Version v, bool mark_applied);
    std::vector<Migration const*> baseline(MigrationSet const& set, Version v);
    // The applied row of `v` takes its file's current checksum; returns the checksum it had, or
    // "" when they already matched (nothing written). UsageError when `v` is not applied or dirty.
    std::string accept_checksum(MigrationSet const& set, Version v);
    // Records `migrations` as applied without running them, under the lock, in one transaction;
    // UsageError naming `operation` when the version table has rows.
    std::vector<Migration const*> record(std::vector<Migration const*> const& migrations,
                                         std::string const& operation);
    // What up refuses before touching the database, given the plan: an up script nobody wrote
    // (freshly scaffolded), a step a single transaction cannot hold. Throws MigrationSetError,
    // UsageError.
    static void refuse_early(MigrationSet const& set, Plan const& plan, UpOptions const& options);
    // The applied rows; reads only, creates nothing.
    std::vector<AppliedRow> applied();
    // A tenant's schema (OpenOptions::schema): each transaction that runs a script starts with
    // the dialect's SET LOCAL search_path, and a non-transactional script is wrapped in a
    // session-level one and its reset; the version table is already qualified with it. A live
    // run refuses (UsageError, before anything runs) a non-transactional step through a
    // transaction pooler, where a session-level setting cannot stay with the connection.
    void set_schema(std::string schema) { schema_ = std::move(schema); }

private:
    // Creates or upgrades the version table, and knows its columns from then on.
    void ensure_table();
    std::vector<AppliedRow> read_rows();         // reads the columns, then the rows
    std::vector<AppliedRow> read_ensured_rows(); // after ensure_table(): the rows only
    void apply(Migration const& m, RunReport& report);
    void revert(Migration const& m, RunReport& report);
    // Runs `steps` one by one, or, for a single-transaction run, all inside one transaction
    // (refused before anything runs when a step needs to run without one).
    void run_steps(Plan const& plan, bool single_transaction, RunReport& report);
    void run_script(Migration const& m, Direction d, bool progress_rows);
    // The repeatable migrations an up with `options` runs: those whose checksum differs from
    // their row's (or that have none), when the up runs to the end.
    std::vector<Migration const*> due_repeatables(MigrationSet const& set, UpOptions const& options) const;
    // Runs repeatable `r` and replaces its row, in one transaction unless it runs without one.
    void rerun(Migration const& r, Splitter const& split, RunReport& report);
    // The versions before and after, in numbers and as the set's tool writes them.
    void finish(RunReport& report, std::vector<AppliedRow> const& before, MigrationSet const& set);
    void check_stop() const;
    // set_schema(): the search path inside a transaction just begun.
    void enter_schema();
    // set_schema(): refuses a plan with a non-transactional step behind a transaction pooler.
    void require_session_for(Plan const& plan) const;
    // set_schema(): runs a non-transactional script with the session's search path set, and reset.
    void run_outside_transaction(Migration const& m, Direction d);
    // A live run on a read-only database (a standby) stops here, before the lock.
    void require_writable();

    Connection* reader_;
    Sink& sink_;
    bool live_;
    VersionStore const& store_;
    Observer& observer_;
    RunControl const& control_;
    std::vector<std::string> columns_;        // the version table's, as read at the start
    std::vector<AppliedRow> repeatable_rows_; // the repeatables' rows, read with the others
    // Whether `v` has a row, re-checked inside the step's write transaction.
    bool recorded(Version v) const;
    bool batch_ = false; // inside a single-transaction run: steps open none of their own
    // Inside a live single-transaction run: the versions recorded when its transaction began,
    // read once there instead of once per step (nothing else writes until it ends).
    std::vector<std::int64_t> batch_recorded_;       // sorted
    std::unordered_map<std::int64_t, Script> split_; // by version: the planned steps' split up scripts
    std::string schema_;                             // set_schema()
};

} // namespace migrator
