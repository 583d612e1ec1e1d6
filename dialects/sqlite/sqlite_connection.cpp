#include "sqlite_connection.hpp"

#include <algorithm>

#include "migrator/dialect.hpp"
#include "migrator/errors.hpp"
#include "migrator/observer.hpp"
#include "migrator/sql_text.hpp"

namespace migrator::sqlite {

namespace {

bool is_busy(int rc) {
    return (rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED;
}

// Finalizes a prepared statement on every path.
class Prepared {
public:
    Prepared(sqlite3* db, std::string_view sql, char const** tail = nullptr) {
        rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, tail);
    }
    ~Prepared() { sqlite3_finalize(stmt_); }
    Prepared(Prepared const&) = delete;
    Prepared& operator=(Prepared const&) = delete;
    int prepare_status() const noexcept { return rc_; }
    sqlite3_stmt* get() const noexcept { return stmt_; }
    // Steps to the end, calling on_row for each row; returns the final status.
    template <class OnRow> int step_all(OnRow&& on_row) {
        int rc;
        while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW)
            on_row(stmt_);
        return rc;
    }
    int step_all() {
        return step_all([](sqlite3_stmt*) {});
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
    int rc_;
};

void bind(sqlite3_stmt* st, int index, SqlValue const& value) {
    if (std::holds_alternative<std::nullptr_t>(value))
        sqlite3_bind_null(st, index);
    else if (auto const* b = std::get_if<bool>(&value))
        sqlite3_bind_int(st, index, *b ? 1 : 0);
    else if (auto const* i = std::get_if<std::int64_t>(&value))
        sqlite3_bind_int64(st, index, *i);
    else {
        auto const& s = std::get<std::string>(value);
        sqlite3_bind_text(st, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
}

} // namespace

SqliteConnection::SqliteConnection(Dialect const& dialect, sqlite3* db, bool owned, std::string description,
                                   Timeout lock_timeout)
    : Connection(dialect, std::move(description)), db_(db), owned_(owned), lock_timeout_(lock_timeout) {
    sqlite3_busy_handler(db_, &SqliteConnection::on_busy, this);
    sqlite3_extended_result_codes(db_, 1);
}

int SqliteConnection::on_busy(void* self, int attempt) {
    auto& c = *static_cast<SqliteConnection*>(self);
    auto const now = std::chrono::steady_clock::now();
    if (attempt == 0) c.busy_since_ = c.busy_reported_ = now;
    if (c.cancelled_.load() || now - c.busy_since_ >= c.lock_timeout_) return 0; // give up: SQLITE_BUSY
    // Said once a second, from the first second: a wait on a read is a wait all the same.
    if (c.busy_observer_ && now - c.busy_reported_ >= std::chrono::seconds(1)) {
        c.busy_reported_ = now;
        try {
            c.busy_observer_->on_lock_waiting(
                {c.description(), c.busy_holder(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(now - c.busy_since_)});
        } catch (...) { // an observer's failure must not end the wait inside SQLite
        }
    }
    sqlite3_sleep(std::min(1 + attempt, 20)); // ms; a short first wait, then 20 ms slices
    return 1;
}

void SqliteConnection::cancel() noexcept {
    cancelled_ = true;
    sqlite3_interrupt(db_);
}

bool SqliteConnection::try_lock(QualifiedName const&) {
    if (!run_lock_) {
        char const* file = sqlite3_db_filename(db_, "main");
        if (!file || !*file) return true; // in memory: no other process can reach it
        run_lock_.emplace(std::string(file) + "-migrator.lock");
    }
    return run_lock_->try_acquire();
}

void SqliteConnection::unlock(QualifiedName const&) {
    if (run_lock_) run_lock_->release();
}

std::string SqliteConnection::busy_holder() const {
    char const* file = sqlite3_db_filename(db_, "main");
    std::string holder = file && *file ? FileLock(std::string(file) + "-migrator.lock").holder() : "";
    if (!holder.empty()) return holder;
    return "another program's transaction (not a migrator run: a sqlite3 shell, or an application)";
}

std::string SqliteConnection::lock_holder(QualifiedName const&) {
    return run_lock_ ? run_lock_->holder() : std::string();
}

std::string SqliteConnection::read_only_reason() {
    if (sqlite3_db_readonly(db_, "main") != 1) return {};
    return "the database file " + description() + " is read-only (its permissions, or ?mode=ro)";
}

SqliteConnection::~SqliteConnection() {
    for (auto& [_, statement] : prepared_)
        sqlite3_finalize(statement);
    if (owned_) sqlite3_close_v2(db_);
}

sqlite3_stmt* SqliteConnection::prepared(std::string const& sql) {
    for (auto const& [text, statement] : prepared_)
        if (text == sql) return statement;
    sqlite3_stmt* statement = nullptr;
    if (int const rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
        rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        fail(rc, sql);
    }
    // A handful of distinct commands per run (insert, delete, progress): keep them all but a
    // runaway, which is then prepared again each time.
    if (prepared_.size() >= 16) {
        sqlite3_finalize(prepared_.front().second);
        prepared_.erase(prepared_.begin());
    }
    prepared_.emplace_back(sql, statement);
    return statement;
}

void SqliteConnection::fail(int rc, std::string const& sql) const {
    std::string const message = sqlite3_errmsg(db_);
    if (is_busy(rc))
        throw LockTimeout("the SQLite database " + description() + " is locked: " + message + "; held by " +
                          busy_holder());
    throw DatabaseError(message + " (in: " + sql.substr(0, 200) + ")");
}

void SqliteConnection::execute(std::string const& sql) {
    char* error = nullptr;
    int const rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);
    if (rc != SQLITE_OK) fail(rc, sql);
}

std::int64_t SqliteConnection::execute(SqlCommand const& command) {
    std::string const sql = dialect().parameterized(command);
    sqlite3_stmt* const statement = prepared(sql);
    struct Reset { // ready for the next use on every path; after fail() has read the message
        sqlite3_stmt* statement;
        ~Reset() {
            sqlite3_reset(statement);
            sqlite3_clear_bindings(statement);
        }
    } const reset{statement};
    for (std::size_t i = 0; i < command.params().size(); ++i)
        bind(statement, static_cast<int>(i) + 1, command.params()[i]);
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) fail(rc, sql);
    return sqlite3_changes64(db_);
}

Rows SqliteConnection::query(std::string const& sql) {
    Prepared st(db_, sql);
    if (st.prepare_status() != SQLITE_OK) fail(st.prepare_status(), sql);
    Rows rows;
    int const rc = st.step_all([&](sqlite3_stmt* s) {
        std::vector<std::string> row;
        for (int i = 0, n = sqlite3_column_count(s); i < n; ++i) {
            auto const* text = sqlite3_column_text(s, i);
            row.emplace_back(text ? reinterpret_cast<char const*>(text) : "");
        }
        rows.push_back(std::move(row));
    });
    if (rc != SQLITE_DONE) fail(rc, sql);
    return rows;
}

void SqliteConnection::run(Script const& script, Statement const& statement, int number) {
    // With its ';', as the sqlite3 shell runs it (and as --sql prints it): SQLite's messages
    // then read as they do there ("near \";\": syntax error", not "incomplete input").
    std::string const sql = terminated(statement.text);
    // A statement the layout keeps whole (goose's StatementBegin/End) may hold several: run each,
    // following the tail, as the sqlite3 shell does.
    int rc = SQLITE_OK;
    std::size_t start = 0;
    while (start < sql.size() && (rc == SQLITE_OK || rc == SQLITE_DONE)) {
        char const* tail = nullptr;
        Prepared st(db_, std::string_view(sql).substr(start), &tail);
        rc = st.prepare_status();
        if (rc == SQLITE_OK && st.get()) rc = st.step_all();
        std::size_t const next = tail ? static_cast<std::size_t>(tail - sql.data()) : sql.size();
        if (rc != SQLITE_OK && rc != SQLITE_DONE) break;
        start = next > start ? next : sql.size();
    }
    if (rc == SQLITE_OK || rc == SQLITE_DONE) return;
    // Not the migration's fault: the database or the disk refused. Said as such, with where.
    std::string const where = " (while running " + script.path.string() + ":" +
                              std::to_string(statement.line) + ", statement " + std::to_string(number) + ")";
    switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw LockTimeout("the SQLite database is still locked by another writer after the lock timeout" +
                          where + "; held by " + busy_holder());
    case SQLITE_READONLY:
        throw DatabaseError("read-only: " + std::string(sqlite3_errmsg(db_)) + where);
    case SQLITE_FULL:
        throw DatabaseError("disk full: " + std::string(sqlite3_errmsg(db_)) + where);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        throw DatabaseError("the database file failed: " + std::string(sqlite3_errmsg(db_)) + where);
    default:
        break;
    }
    // SQLite 3.38+ says where in the statement a syntax error is.
    std::size_t error_at = start;
    if (int const offset = sqlite3_error_offset(db_); offset > 0)
        error_at += static_cast<std::size_t>(offset);
    int const line =
        statement.line +
        static_cast<int>(std::count(sql.begin(), sql.begin() + std::min(error_at, sql.size()), '\n'));
    throw ScriptError(script.path.string(), line, number, sqlite3_errmsg(db_));
}

void SqliteConnection::begin() {
    char* error = nullptr;
    int const rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, &error);
    std::string const message = error ? error : "";
    sqlite3_free(error);
    if (is_busy(rc))
        throw LockTimeout("the SQLite database " + description() +
                          " is still locked by another writer after the lock timeout; held by " +
                          busy_holder());
    if (rc != SQLITE_OK) throw DatabaseError("BEGIN IMMEDIATE failed: " + message);
}

void SqliteConnection::rollback() {
    // After some errors SQLite has already rolled back; ROLLBACK would then fail needlessly.
    if (!sqlite3_get_autocommit(db_)) execute("ROLLBACK");
}

std::vector<std::string> SqliteConnection::table_columns(QualifiedName const& table) {
    std::vector<std::string> out;
    for (auto const& row :
         query("SELECT name FROM pragma_table_info(" + dialect().literal(table.table) + ")"))
        out.push_back(row.at(0));
    return out;
}

} // namespace migrator::sqlite
