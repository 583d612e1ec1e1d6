#pragma once
// Progress of a run, for logs and progress lines. Every callback runs on the thread that runs
// the operation, between database calls; it must not throw (an exception aborts the run as a
// failure of the step in flight). All callbacks have empty defaults.
// Ownership: a Migrator only points to its observer (set_observer), which must outlive the
// operations it watches. The Migration references are valid during the callback only.

#include <chrono>
#include <string>

#include "migrator/export.hpp"
#include "migrator/migration.hpp"
#include "migrator/run_report.hpp"

namespace migrator {

struct MIGRATOR_API LockWait {
    std::string table;                // the version table the lock is keyed on
    std::string holder;               // who holds it, "" when the database cannot tell
    std::chrono::milliseconds waited; // so far
};

class MIGRATOR_API Observer {
public:
    virtual ~Observer();
    // Another runner holds the lock: after the first failed attempt, then about once a second.
    virtual void on_lock_waiting(LockWait const&) {}
    virtual void on_lock_acquired(std::string const& /*table*/) {}
    // A live up or down is about to run `steps` migrations (under the lock, after planning).
    virtual void on_run_planned(Direction, std::size_t /*steps*/) {}
    virtual void on_step_started(Migration const&, Direction) {}
    // `done` of `total` statements of the step's script have run.
    virtual void on_statement_done(Migration const&, Direction, int /*done*/, int /*total*/) {}
    virtual void on_step_finished(StepResult const&) {}
};

} // namespace migrator
