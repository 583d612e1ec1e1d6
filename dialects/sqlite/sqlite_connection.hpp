#pragma once
// A connection to one SQLite database: owns its sqlite3 handle (or borrows an application's).

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <optional>

#include "file_lock.hpp"
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

    // The run lock: a FileLock beside the database (none for an in-memory one), held for the
    // whole command; each migration also takes SQLite's write lock (BEGIN IMMEDIATE).
    bool try_lock(QualifiedName const&) override;
    void unlock(QualifiedName const&) override;
    std::string lock_holder(QualifiedName const&) override;
    std::string read_only_reason() override;

    std::vector<std::string> table_columns(QualifiedName const& table) override;
    SchemaModel inspect_schema(QualifiedName const& version_table) override;
    // What `.schema` prints: the statements sqlite_master keeps, tables first.
    std::string schema_sql(QualifiedName const& version_table) override;
    // Interrupts the statement in flight and ends a wait for another writer.
    void cancel() noexcept override;
    void report_lock_waits(Observer* observer) override { busy_observer_ = observer; }

private:
    [[noreturn]] void fail(int rc, std::string const& sql) const;
    // Who holds the file, for a wait or a timeout: "held by pid 42 on host db1 since ..." (a
    // migrator run, from its lock file), else another program's transaction.
    std::string busy_holder() const;
    // SQLite's busy handler: waits up to the lock timeout in short sleeps, unless cancelled.
    static int on_busy(void* self, int attempt);
    sqlite3* db_;
    bool owned_;
    Timeout lock_timeout_;
    std::chrono::steady_clock::time_point busy_since_{};
    std::chrono::steady_clock::time_point busy_reported_{};
    Observer* busy_observer_ = nullptr;
    std::atomic<bool> cancelled_{false};
    std::optional<FileLock> run_lock_; // made on first try_lock; none for an in-memory database
    // execute(SqlCommand)'s statements, prepared once per connection: a bulk apply writes the
    // same version-row INSERT once per migration. Finalized by the destructor, so that an
    // adopted handle can be closed by its owner.
    sqlite3_stmt* prepared(std::string const& sql);
    std::vector<std::pair<std::string, sqlite3_stmt*>> prepared_;
};

} // namespace migrator::sqlite
