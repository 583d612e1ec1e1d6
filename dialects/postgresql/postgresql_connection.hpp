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
    void run(Script const& script, Statement const& statement, int number) override;

    bool try_lock(QualifiedName const& table) override;
    void unlock(QualifiedName const& table) override;
    std::string lock_holder(QualifiedName const& table) override;

    std::vector<std::string> table_columns(QualifiedName const& table) override;
    SchemaModel inspect_schema(QualifiedName const& version_table) override;
    void cancel() noexcept override;

private:
    PostgresqlDialect const& pg_;
    PGconn* conn_;
    bool owned_;
    PGcancel* cancel_;
};

} // namespace migrator::postgresql
