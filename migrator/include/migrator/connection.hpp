#pragma once
// An open connection to one database: owns its native handle (or borrows one, see
// Dialect::adopt) and carries everything that needs a live database. A dialect implements it
// beside its Dialect; the core drives it and never sees the handle.
//
// Contract for implementers (see the checklist in dialect.hpp):
// - Every failure throws a migrator::Error subclass with a one-line message that holds no
//   secret (DatabaseUrl::scrub): DatabaseError for bookkeeping, ScriptError for run(),
//   LockTimeout where the database reports a lock it could not get in time.
// - No method prints anything.
// Thread-safety: one thread at a time uses a Connection, except cancel(), which may be called
// from any thread while another runs a statement.

#include <cstdint>
#include <string>
#include <vector>

#include "migrator/duration.hpp"
#include "migrator/export.hpp"
#include "migrator/migration.hpp"
#include "migrator/qualified_name.hpp"
#include "migrator/schema.hpp"
#include "migrator/sql_command.hpp"

namespace migrator {

class Dialect;
class Observer;
using Rows = std::vector<std::vector<std::string>>;

class MIGRATOR_API Connection {
public:
    // `description`: where it is connected, for messages, with every secret already redacted.
    Connection(Dialect const& dialect, std::string description)
        : dialect_(dialect), description_(std::move(description)) {}
    virtual ~Connection();
    Connection(Connection const&) = delete;
    Connection& operator=(Connection const&) = delete;

    Dialect const& dialect() const noexcept { return dialect_; }
    std::string const& description() const noexcept { return description_; }

    // --- bookkeeping: the core's own statements, never a migration script ----------------
    // Runs one statement without parameters.
    virtual void execute(std::string const& sql) = 0;
    // Runs one statement with command.params() bound as parameters (the text comes from
    // Dialect::parameterized); returns how many rows it changed.
    virtual std::int64_t execute(SqlCommand const& command) = 0;
    // Runs one query and returns every cell as text (NULL as "").
    virtual Rows query(std::string const& sql) = 0;
    // Runs `sql`, one query a caller wrote (a fleet's schema query), so that it can change
    // nothing: in a read-only transaction that is rolled back, as a single statement (a second
    // one is refused, never run). Default: BEGIN, query(), ROLLBACK.
    virtual Rows query_read_only(std::string const& sql);
    // Runs one query that may wait for another session's lock on `relation` (another tool's
    // table), for at most `timeout`; then LockTimeout naming who holds the lock where the
    // database can tell. Default: query(), for a database whose lock waits are already bounded
    // by the connection's lock timeout (SQLite's busy timeout).
    virtual Rows query_bounded(std::string const& sql, QualifiedName const& relation, Timeout timeout);

    // --- migration scripts -----------------------------------------------------------------
    // Runs one statement of `script` (as Dialect::split made it; `number` is 1-based). Throws
    // ScriptError with script.path, the line (the statement's line, plus the line of the error
    // position where the database gives one), `number` and the database's own message.
    virtual void run(Script const& script, Statement const& statement, int number) = 0;

    // --- transactions: the defaults send the Dialect's begin_sql/commit_sql/rollback_sql --
    // begin() takes the write lock where the database has one (SQLite: BEGIN IMMEDIATE) and
    // throws LockTimeout when it is still busy after the lock timeout.
    virtual void begin();
    virtual void commit();
    virtual void rollback();

    // --- the migration lock (DESIGN.md "What a deployment relies on") ----------------------
    // One attempt that never blocks: true when this connection now holds the lock for `table`.
    // The core polls it with backoff up to the lock timeout, from no open transaction.
    virtual bool try_lock(QualifiedName const& table) = 0;
    // Releases it. Throws DatabaseError when this connection did not hold it.
    virtual void unlock(QualifiedName const& table) = 0;
    // Who holds it ("pid 42 (application migrator, ...)"), "" when the database cannot tell.
    virtual std::string lock_holder(QualifiedName const&) { return {}; }
    // True when a pooler between here and the server hands this connection a different server
    // session from one transaction to the next (PgBouncer's pool_mode=transaction), so that no
    // session-level setting stays with it. Default: false.
    virtual bool behind_transaction_pooler() { return false; }
    // Why nothing can be written here ("the server is a standby"), "" when writes may work.
    // Asked before a writing command takes the lock. Default: "".
    virtual std::string read_only_reason() { return {}; }

    // --- introspection ---------------------------------------------------------------------
    // The columns of `table`, empty when it does not exist. Default: information_schema.
    virtual std::vector<std::string> table_columns(QualifiedName const& table);
    // The schema from the catalogs, without `version_table`.
    virtual SchemaModel inspect_schema(QualifiedName const& version_table) = 0;
    // The schema as DDL this dialect can load, without `version_table`. Default: inspect_schema()
    // rendered as standard DDL; a dialect whose catalog keeps loadable text returns that.
    virtual std::string schema_sql(QualifiedName const& version_table);

    // Where to say that a statement waits for another session's lock (SQLite's busy wait, which
    // any read may meet while a writer holds the file): Observer::on_lock_waiting about once a
    // second. Null: nowhere. Default: nothing to report.
    virtual void report_lock_waits(Observer* /*observer*/) {}

    // Cancels the statement in flight, from another thread; best effort. Default: nothing.
    virtual void cancel() noexcept {}

private:
    Dialect const& dialect_;
    std::string description_;
};

} // namespace migrator
