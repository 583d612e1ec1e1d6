#include "postgresql_dialect.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "migrator/checksum.hpp"
#include "migrator/errors.hpp"

namespace migrator::postgresql {

namespace {

PGconn* native(Session& s) {
    // dynamic_cast cannot be used: the backend's typeinfo is not exported (TOOLCHAIN.md).
    if (s.sql().get_backend_name() != "postgresql") throw DatabaseError("not a PostgreSQL session");
    return static_cast<soci::postgresql_session_backend*>(s.sql().get_backend())->conn_;
}

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\t', ' ');
    text.erase(std::unique(text.begin(), text.end(), [](char a, char b) { return a == ' ' && b == ' '; }),
               text.end());
    while (!text.empty() && (text.back() == ' ' || text.back() == '\r'))
        text.pop_back();
    return text;
}

std::string quote_conninfo(std::string const& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

// Frees a PGresult on every path.
struct Result {
    PGresult* r;
    explicit Result(PGresult* result) : r(result) {}
    ~Result() { PQclear(r); }
    Result(Result const&) = delete;
    Result& operator=(Result const&) = delete;
    std::string field(int code) const {
        char const* f = PQresultErrorField(r, code);
        return f ? f : "";
    }
};

bool ok(PGresult* r) {
    auto const status = PQresultStatus(r);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

std::string error_text(PGconn* conn, Result const& res) {
    std::string message = res.r ? res.field(PG_DIAG_MESSAGE_PRIMARY) : "";
    if (message.empty()) message = PQerrorMessage(conn);
    std::string const state = res.r ? res.field(PG_DIAG_SQLSTATE) : "";
    return one_line(message) + (state.empty() ? "" : " [" + state + "]");
}

// libpq prints NOTICEs to stderr by default; the library prints nothing.
void ignore_notice(void*, char const*) {}

} // namespace

std::string PostgresqlDialect::conninfo(DatabaseUrl const& url) {
    std::string out;
    auto add = [&](std::string const& key, std::string const& value) {
        if (!value.empty()) out += (out.empty() ? "" : " ") + key + "=" + quote_conninfo(value);
    };
    add("host", url.host());
    add("port", url.port());
    add("dbname", url.dbname());
    add("user", url.user());
    add("password", url.password());
    auto const& params = url.params();
    for (auto const& [key, value] : params)
        add(key, value);
    if (!params.count("application_name")) add("application_name", "migrator");
    if (!params.count("connect_timeout")) add("connect_timeout", "10");
    // A dead client's lock is noticed by TCP keepalive, not hours later.
    if (!params.count("keepalives_idle")) add("keepalives_idle", "30");
    return out;
}

std::unique_ptr<Session> PostgresqlDialect::connect(DatabaseUrl const& url, Timeout) const {
    std::unique_ptr<soci::session> sql;
    try {
        sql = std::make_unique<soci::session>(soci::postgresql, conninfo(url));
    } catch (soci::soci_error const& e) {
        throw DatabaseError("cannot connect to " + url.redacted() + ": " +
                            one_line(redact(e.get_error_message(), url.password())));
    }
    auto session = std::make_unique<Session>(std::move(sql), url.redacted());
    PGconn* conn = native(*session);
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    // PostgreSQL 14+: notice a killed client mid-statement and free its locks within seconds.
    Result r(PQexec(conn, "SET client_connection_check_interval = 2000"));
    return session;
}

void PostgresqlDialect::execute(Session& s, std::string const& sql) const {
    PGconn* conn = native(s);
    Result res(PQexec(conn, sql.c_str()));
    if (!ok(res.r)) throw DatabaseError(error_text(conn, res) + " (in: " + sql.substr(0, 200) + ")");
}

std::vector<std::vector<std::string>> PostgresqlDialect::query(Session& s, std::string const& sql) const {
    PGconn* conn = native(s);
    Result res(PQexec(conn, sql.c_str()));
    if (!ok(res.r)) throw DatabaseError(error_text(conn, res) + " (in: " + sql.substr(0, 200) + ")");
    std::vector<std::vector<std::string>> rows;
    for (int i = 0, n = PQntuples(res.r); i < n; ++i) {
        std::vector<std::string> row;
        for (int j = 0, m = PQnfields(res.r); j < m; ++j)
            row.emplace_back(PQgetisnull(res.r, i, j) ? "" : PQgetvalue(res.r, i, j));
        rows.push_back(std::move(row));
    }
    return rows;
}

void PostgresqlDialect::run_script(Session& s, Script const& script, StatementDone const& after_each) const {
    PGconn* conn = native(s);
    int number = 0;
    // One statement per round trip: a multi-statement string is an implicit transaction,
    // which CREATE INDEX CONCURRENTLY refuses; it also tells which statement failed.
    for (auto const& st : split(script.text)) {
        ++number;
        Result res(PQexec(conn, st.text.c_str()));
        if (!ok(res.r)) {
            int line = st.line;
            std::string const position = res.field(PG_DIAG_STATEMENT_POSITION); // 1-based, in characters
            if (!position.empty()) {
                long chars = std::stol(position) - 1;
                std::size_t i = 0;
                for (; i < st.text.size() && chars > 0; ++i)
                    if ((static_cast<unsigned char>(st.text[i]) & 0xC0) != 0x80) --chars;
                line += static_cast<int>(
                    std::count(st.text.begin(), st.text.begin() + static_cast<long>(i), '\n'));
            }
            std::string message = res.field(PG_DIAG_MESSAGE_PRIMARY);
            if (message.empty()) message = one_line(PQerrorMessage(conn));
            throw ScriptError(script.path.string(), line, number, message, res.field(PG_DIAG_SQLSTATE));
        }
        if (after_each) after_each(number);
    }
}

std::int64_t PostgresqlDialect::lock_key(Session& s, QualifiedName const& table) const {
    auto const rows = query(s, "SELECT current_database(), current_schema()");
    std::string const schema = table.schema.empty() ? rows.at(0).at(1) : table.schema;
    std::string const digest = sha256_hex(rows.at(0).at(0) + '\0' + schema + '\0' + table.table);
    return static_cast<std::int64_t>(std::stoull(digest.substr(0, 16), nullptr, 16));
}

bool PostgresqlDialect::try_lock(Session& s, QualifiedName const& table, Timeout timeout) const {
    std::string const sql = "SELECT pg_try_advisory_lock(" + std::to_string(lock_key(s, table)) + ")";
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(25);
    // Polled, never blocking: a blocked waiter deadlocks with CREATE INDEX CONCURRENTLY.
    while (true) {
        if (query(s, sql).at(0).at(0) == "t") return true;
        auto const now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds(500));
    }
}

void PostgresqlDialect::unlock(Session& s, QualifiedName const& table) const {
    query(s, "SELECT pg_advisory_unlock(" + std::to_string(lock_key(s, table)) + ")");
}

std::string PostgresqlDialect::lock_holder(Session& s, QualifiedName const& table) const {
    auto const key = static_cast<std::uint64_t>(lock_key(s, table));
    auto const rows =
        query(s, "SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local'), "
                 "coalesce(a.state, '') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                 "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = " +
                     std::to_string(key >> 32) + " AND l.objid = " + std::to_string(key & 0xFFFFFFFFu) +
                     " AND l.objsubid = 1");
    if (rows.empty()) return {};
    auto const& r = rows.front();
    return "pid " + r[0] + " (application " + (r[1].empty() ? "?" : r[1]) + ", client " + r[2] + ", " + r[3] +
           ")";
}

std::vector<std::string> PostgresqlDialect::version_table_ddl(QualifiedName const& table) const {
    std::vector<std::string> out;
    if (!table.schema.empty()) out.push_back("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(table.schema));
    out.push_back("CREATE TABLE IF NOT EXISTS " + quote_name(table) +
                  " (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                  "applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_by TEXT NOT NULL, "
                  "execution_ms BIGINT NOT NULL DEFAULT 0, dirty BOOLEAN NOT NULL DEFAULT FALSE, "
                  "statements_done INTEGER NOT NULL DEFAULT 0)");
    return out;
}

bool PostgresqlDialect::table_exists(Session& s, QualifiedName const& table) const {
    return query(s, "SELECT to_regclass(" + quote_literal(quote_name(table)) + ") IS NOT NULL").at(0).at(0) ==
           "t";
}

std::string PostgresqlDialect::applied_by_expression() const {
    return "current_user || '@' || coalesce(host(inet_client_addr()), 'local')";
}

std::string PostgresqlDialect::applied_at_as_text(std::string_view column) const {
    return "to_char(" + std::string(column) + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

} // namespace migrator::postgresql
