#include "sqlite_dialect.hpp"

// soci-sqlite3.h includes <sqlite3.h> inside namespace sqlite_api; this file must not include
// <sqlite3.h> itself (see TOOLCHAIN.md).
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "migrator/errors.hpp"

namespace migrator::sqlite {

namespace api = sqlite_api;

namespace {

api::sqlite3* native(Session& s) {
    // dynamic_cast cannot be used: the backend's typeinfo is not exported (TOOLCHAIN.md).
    if (s.sql().get_backend_name() != "sqlite3") throw DatabaseError("not a SQLite session");
    return static_cast<soci::sqlite3_session_backend*>(s.sql().get_backend())->conn_;
}

bool is_busy(int rc) {
    return (rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED;
}

// SOCI's connect string takes key=value pairs; a quoted value may hold spaces.
std::string soci_value(std::string const& v) {
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

} // namespace

std::unique_ptr<Session> SqliteDialect::connect(DatabaseUrl const& url, Timeout lock_timeout) const {
    std::unique_ptr<soci::session> sql;
    try {
        sql = std::make_unique<soci::session>(soci::sqlite3, "db=" + soci_value(url.path()));
    } catch (soci::soci_error const& e) {
        throw DatabaseError("cannot open SQLite database " + url.path() + ": " + e.get_error_message());
    }
    auto session = std::make_unique<Session>(std::move(sql), url.redacted());
    api::sqlite3_busy_timeout(native(*session),
                              static_cast<int>(std::min<long long>(lock_timeout.count(), 1LL << 30)));
    return session;
}

bool SqliteDialect::database_exists(DatabaseUrl const& url) const {
    return url.in_memory() || std::filesystem::exists(url.path());
}

void SqliteDialect::begin(Session& s) const {
    char* error = nullptr;
    int rc = api::sqlite3_exec(native(s), "BEGIN IMMEDIATE", nullptr, nullptr, &error);
    std::string message = error ? error : "";
    api::sqlite3_free(error);
    if (is_busy(rc))
        throw LockTimeout("the SQLite database " + s.description() +
                          " is still locked by another writer after the lock timeout");
    if (rc != SQLITE_OK) throw DatabaseError("BEGIN IMMEDIATE failed: " + message);
}

void SqliteDialect::commit(Session& s) const {
    execute(s, "COMMIT");
}

void SqliteDialect::rollback(Session& s) const {
    // After some errors SQLite has already rolled back; ROLLBACK would then fail needlessly.
    if (!api::sqlite3_get_autocommit(native(s))) execute(s, "ROLLBACK");
}

void SqliteDialect::execute(Session& s, std::string const& sql) const {
    char* error = nullptr;
    int rc = api::sqlite3_exec(native(s), sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    api::sqlite3_free(error);
    if (is_busy(rc)) throw LockTimeout("the SQLite database " + s.description() + " is locked: " + message);
    if (rc != SQLITE_OK) throw DatabaseError(message + " (in: " + sql.substr(0, 200) + ")");
}

std::vector<std::vector<std::string>> SqliteDialect::query(Session& s, std::string const& sql) const {
    api::sqlite3* db = native(s);
    api::sqlite3_stmt* st = nullptr;
    if (api::sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
        throw DatabaseError(std::string(api::sqlite3_errmsg(db)) + " (in: " + sql.substr(0, 200) + ")");
    std::vector<std::vector<std::string>> rows;
    int rc;
    while ((rc = api::sqlite3_step(st)) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int i = 0, n = api::sqlite3_column_count(st); i < n; ++i) {
            auto const* text = api::sqlite3_column_text(st, i);
            row.emplace_back(text ? reinterpret_cast<char const*>(text) : "");
        }
        rows.push_back(std::move(row));
    }
    api::sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        if (is_busy(rc)) throw LockTimeout("the SQLite database " + s.description() + " is locked");
        throw DatabaseError(std::string(api::sqlite3_errmsg(db)) + " (in: " + sql.substr(0, 200) + ")");
    }
    return rows;
}

void SqliteDialect::run_script(Session& s, Script const& script, StatementDone const& after_each) const {
    api::sqlite3* db = native(s);
    char const* const base = script.text.c_str();
    char const* tail = base;
    int number = 0;
    while (*tail) {
        api::sqlite3_stmt* st = nullptr;
        char const* next = nullptr;
        int rc = api::sqlite3_prepare_v2(db, tail, -1, &st, &next);
        // Where the statement really starts (past blanks and comments), for the error's line.
        std::string_view const chunk(tail, static_cast<std::size_t>((next ? next : tail) - tail));
        auto const parts = split_statements(chunk, SqlFlavor::sqlite);
        std::size_t const offset =
            static_cast<std::size_t>(tail - base) + (parts.empty() ? 0 : parts.front().offset);
        auto fail = [&](int statement) {
            throw ScriptError(script.path.string(), line_of_offset(script.text, offset), statement,
                              api::sqlite3_errmsg(db));
        };
        if (rc != SQLITE_OK) fail(number + 1);
        if (!st) { // only blanks or comments left
            tail = next;
            continue;
        }
        ++number;
        while ((rc = api::sqlite3_step(st)) == SQLITE_ROW) {
        }
        api::sqlite3_finalize(st);
        if (rc != SQLITE_DONE) fail(number);
        if (after_each) after_each(number);
        tail = next;
    }
}

std::vector<std::string> SqliteDialect::version_table_ddl(QualifiedName const& table) const {
    return {"CREATE TABLE IF NOT EXISTS " + quote_name(table) +
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT "
            "NULL, "
            "applied_by TEXT NOT NULL, execution_ms INTEGER NOT NULL DEFAULT 0, "
            "dirty BOOLEAN NOT NULL DEFAULT FALSE, statements_done INTEGER NOT NULL DEFAULT 0)"};
}

bool SqliteDialect::table_exists(Session& s, QualifiedName const& table) const {
    return !query(s,
                  "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = " + quote_literal(table.table))
                .empty();
}

std::string SqliteDialect::now_expression() const {
    return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
}

std::string SqliteDialect::applied_by_expression() const {
    // SQLite has no users: record the operating-system user and host instead.
    char const* user = std::getenv("USER");
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return quote_literal(std::string(user && *user ? user : "unknown") + "@" + host);
}

} // namespace migrator::sqlite
