#pragma once
// Where the executor sends every statement of a run: BEGIN, the lock, each script statement,
// every version-table write, COMMIT. LiveSink runs them on a connection; ScriptSink prints
// them. The executor builds the same sequence for both, so `--sql` is exactly what a live run
// executes (DESIGN.md "--sql"). Reads (the version table, the in-transaction re-check) are not
// statements of the run: the executor makes them on the live connection only.

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "migrator/connection.hpp"
#include "migrator/dialect.hpp"
#include "migrator/observer.hpp"

namespace migrator {

// What a run may be asked from another thread.
struct RunControl {
    std::atomic<bool> stop{false};   // stop after the migration in flight (and stop a lock wait)
    std::atomic<bool> cancel{false}; // the statement in flight was cancelled
    bool stop_requested() const noexcept { return stop.load(); }
};

class Sink {
public:
    virtual ~Sink() = default;
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
    // The run's lock on the version table; live: polled up to the lock timeout.
    virtual void lock(QualifiedName const& table) = 0;
    virtual void unlock(QualifiedName const& table) = 0;
    // A note for readers of a script; runs nothing.
    virtual void comment(std::string const&) {}
    // Statement `number` (1-based) of `script`.
    virtual void run(Script const& script, Statement const& statement, int number) = 0;
    // A bookkeeping write; live: throws DatabaseError unless it changed `expected_rows` rows.
    virtual void write(SqlCommand const& command, std::optional<int> expected_rows) = 0;
};

struct LockPolicy {
    Timeout timeout = std::chrono::seconds(60);
    Observer* observer = nullptr;
    RunControl const* control = nullptr;
};

class LiveSink final : public Sink {
public:
    LiveSink(Connection& connection, LockPolicy policy) : connection_(connection), policy_(policy) {}
    void begin() override { connection_.begin(); }
    void commit() override { connection_.commit(); }
    void rollback() noexcept override;
    void lock(QualifiedName const& table) override;
    void unlock(QualifiedName const& table) override { connection_.unlock(table); }
    void run(Script const& script, Statement const& statement, int number) override {
        connection_.run(script, statement, number);
    }
    void write(SqlCommand const& command, std::optional<int> expected_rows) override;

private:
    Connection& connection_;
    LockPolicy policy_;
};

// Collects the run as SQL text, one statement per entry, each ending in ';'.
class ScriptSink final : public Sink {
public:
    // `mask_measured`: render measured values (durations) as a placeholder, so that a live run's
    // record compares equal to an offline script.
    explicit ScriptSink(Dialect const& dialect, bool mask_measured = false)
        : dialect_(dialect), mask_measured_(mask_measured) {}
    void begin() override { add(dialect_.begin_sql()); }
    void commit() override { add(dialect_.commit_sql()); }
    void rollback() noexcept override {} // a script stops at its first error
    void lock(QualifiedName const& table) override;
    void unlock(QualifiedName const& table) override;
    void comment(std::string const& text) override { statements_.push_back("-- " + text); }
    void run(Script const& script, Statement const& statement, int number) override;
    void write(SqlCommand const& command, std::optional<int> expected_rows) override;

    std::vector<std::string> const& statements() const noexcept { return statements_; }
    std::vector<std::string> take() { return std::move(statements_); }

private:
    void add(std::string const& sql);
    Dialect const& dialect_;
    bool mask_measured_;
    std::vector<std::string> statements_;
};

} // namespace migrator
