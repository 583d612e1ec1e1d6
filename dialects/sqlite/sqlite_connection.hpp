#pragma once
// A connection to one SQLite database: owns its sqlite3 handle (or borrows an application's).

#include <sqlite3.h>

#include "migrator/connection.hpp"
#include "migrator/duration.hpp"

namespace migrator::sqlite {

class SqliteConnection final : public Connection {
public:
    // `owned`: close the handle in the destructor. Sets the busy timeout to `lock_timeout`.
    SqliteConnection(Dialect const& dialect, sqlite3* db, bool owned, std::string description,
                     Timeout lock_timeout);
    ~SqliteConnection() override;

    void execute(std::string const& sql) override;
    std::int64_t execute(SqlCommand const& command) override;
    Rows query(std::string const& sql) override;
    void run(Script const& script, Statement const& statement, int number) override;

    void begin() override;
    void rollback() override;

    // The run lock of SQLite is its write lock (begin()); there is no session lock.
    bool try_lock(QualifiedName const&) override { return true; }
    void unlock(QualifiedName const&) override {}

    std::vector<std::string> table_columns(QualifiedName const& table) override;
    SchemaModel inspect_schema(QualifiedName const& version_table) override;
    void cancel() noexcept override { sqlite3_interrupt(db_); }

private:
    [[noreturn]] void fail(int rc, std::string const& sql) const;
    sqlite3* db_;
    bool owned_;
};

} // namespace migrator::sqlite
