#pragma once
// A connection to one PostgreSQL database: owns its PGconn (or borrows an application's).
// Every statement goes through libpq directly: one per round trip, never as a multi-statement
// string (an implicit transaction, which CREATE INDEX CONCURRENTLY refuses).

#include <libpq-fe.h>

#include "migrator/connection.hpp"

namespace migrator::postgresql {

class PostgresqlDialect;

// Newlines and runs of blanks made one space: messages are one line.
std::string one_line(std::string text);

class PgConnection final : public Connection {
public:
    PgConnection(PostgresqlDialect const& dialect, PGconn* conn, bool owned, std::string description);
    ~PgConnection() override;

    // PostgreSQL 14+: notice a killed client mid-statement and free its locks within seconds.
    void set_session_defaults();

    void execute(std::string const& sql) override;
    std::int64_t execute(SqlCommand const& command) override;
    Rows query(std::string const& sql) override;
    // BEGIN READ ONLY, the query through the extended protocol (which refuses a second
    // statement), ROLLBACK.
    Rows query_read_only(std::string const& sql) override;
    // In a transaction with SET LOCAL lock_timeout; on 55P03 (lock_not_available), LockTimeout
    // naming the sessions that hold a lock on `relation`.
    Rows query_bounded(std::string const& sql, QualifiedName const& relation, Timeout timeout) override;
    // The other sessions holding a granted lock on `relation`, for a message: "pid 4711
    // (application api, user app, idle in transaction for 7m12s: UPDATE users SET ...)", joined
    // by "; ". Query text is cut at 120 characters. "" when there are none.
    std::string sessions_locking(QualifiedName const& relation);
    void run(Script const& script, Statement const& statement, int number) override;

    // The run lock: a transaction-scoped advisory lock (pg_try_advisory_xact_lock) held by an
    // open transaction on a second connection of its own, for the whole command. A
    // transaction pins its server connection behind a transaction-pooling proxy (PgBouncer
    // pool_mode=transaction), where a session-level lock can end up on a pooled server
    // connection that other clients use; and the lock dies with that connection, so a killed
    // runner frees it at once. The key is computed by the server on this connection (database,
    // schema, table), as a --sql script's pg_advisory_lock computes it.
    bool try_lock(QualifiedName const& table) override;
    void unlock(QualifiedName const& table) override;
    std::string lock_holder(QualifiedName const& table) override;
    // A pooler hands out its own backend key (PQbackendPID differs from pg_backend_pid()); it
    // pools by transaction when, while a probe connection holds a transaction, this
    // connection's server backend changes, or the probe was given the backend this connection
    // had a moment before (a session pooler never lends a client's backend to another).
    bool behind_transaction_pooler() override;
    // pg_is_in_recovery() (a standby) or default_transaction_read_only.
    std::string read_only_reason() override;
    // Also checks, while the run lock is held, that its connection is still alive: a step never
    // starts without the lock.
    void begin() override;

    std::vector<std::string> table_columns(QualifiedName const& table) override;
    SchemaModel inspect_schema(QualifiedName const& version_table) override;
    void cancel() noexcept override;

private:
    std::string const& lock_key(QualifiedName const& table);
    PGconn* lock_connection();
    // A new connection with this one's parameters (an application's, too); DatabaseError naming
    // `what` it is for when it fails, without any password.
    PGconn* open_sibling(char const* what) const;
    [[noreturn]] void lock_lost(std::string const& why);

    PostgresqlDialect const& pg_;
    PGconn* conn_;
    bool owned_;
    PGcancel* cancel_;
    std::string lock_key_;        // a bigint literal, computed once
    PGconn* lock_conn_ = nullptr; // opened on the first try_lock
    bool lock_held_ = false;
};

} // namespace migrator::postgresql
