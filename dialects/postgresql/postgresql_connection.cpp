#include "postgresql_connection.hpp"

#include <unistd.h>

#include <algorithm>

#include "migrator/database_url.hpp"
#include "migrator/errors.hpp"
#include "postgresql_dialect.hpp"

namespace migrator::postgresql {

namespace {

// Frees a PGresult on every path.
class Result {
public:
    explicit Result(PGresult* r) : r_(r) {}
    ~Result() { PQclear(r_); }
    Result(Result const&) = delete;
    Result& operator=(Result const&) = delete;
    PGresult* get() const noexcept { return r_; }
    bool ok() const {
        auto const s = PQresultStatus(r_);
        return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
    }
    std::string field(int code) const {
        char const* f = r_ ? PQresultErrorField(r_, code) : nullptr;
        return f ? f : "";
    }

private:
    PGresult* r_;
};

// What the server (or the network) refused, as opposed to a statement that is wrong: a lost
// connection, a shutdown, a read-only server. "" for anything else.
std::string server_refusal(PGconn* conn, std::string const& state) {
    if (PQstatus(conn) == CONNECTION_BAD || state.rfind("08", 0) == 0)
        return "the connection to the server was lost";
    if (state == "57P01" || state == "57P02" || state == "57P03") return "the server is shutting down";
    if (state == "25006") return "read-only";
    return {};
}

// PostgreSQL's DETAIL and HINT, which often say what to do ("Key (email)=(x) already exists",
// "No function matches the given name and argument types"): ": DETAIL (hint: HINT)", or "".
std::string detail_and_hint(Result const& res) {
    std::string const detail = one_line(res.field(PG_DIAG_MESSAGE_DETAIL));
    std::string const hint = one_line(res.field(PG_DIAG_MESSAGE_HINT));
    std::string out;
    if (!detail.empty()) out += ": " + detail;
    if (!hint.empty()) out += " (hint: " + hint + ")";
    return out;
}

std::string error_text(PGconn* conn, Result const& res) {
    std::string message = res.field(PG_DIAG_MESSAGE_PRIMARY);
    if (message.empty()) message = PQerrorMessage(conn);
    message += detail_and_hint(res);
    std::string const state = res.field(PG_DIAG_SQLSTATE);
    return one_line(message) + (state.empty() ? "" : " [" + state + "]");
}

// A bookkeeping statement failed.
[[noreturn]] void fail_with(PGconn* conn, Result const& res, std::string const& sql) {
    std::string const refusal = server_refusal(conn, res.field(PG_DIAG_SQLSTATE));
    throw DatabaseError((refusal.empty() ? "" : refusal + ": ") + error_text(conn, res) +
                        " (in: " + sql.substr(0, 200) + ")");
}

// Every cell as text, NULL as "".
Rows rows_of(Result const& res) {
    Rows rows;
    for (int i = 0, n = PQntuples(res.get()); i < n; ++i) {
        std::vector<std::string> row;
        for (int j = 0, m = PQnfields(res.get()); j < m; ++j)
            row.emplace_back(PQgetisnull(res.get(), i, j) ? "" : PQgetvalue(res.get(), i, j));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string text_of(SqlValue const& v) {
    if (auto const* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (auto const* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return std::get<std::string>(v);
}

} // namespace

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\t', ' ');
    text.erase(std::unique(text.begin(), text.end(), [](char a, char b) { return a == ' ' && b == ' '; }),
               text.end());
    while (!text.empty() && (text.back() == ' ' || text.back() == '\r'))
        text.pop_back();
    return text;
}

PgConnection::PgConnection(PostgresqlDialect const& dialect, PGconn* conn, bool owned,
                           std::string description)
    : Connection(dialect, std::move(description)), pg_(dialect), conn_(conn), owned_(owned),
      cancel_(PQgetCancel(conn)) {}

PgConnection::~PgConnection() {
    PQfinish(lock_conn_); // ends its transaction: the run lock goes with it
    PQfreeCancel(cancel_);
    if (owned_) PQfinish(conn_);
}

void PgConnection::set_session_defaults() {
    Result r(PQexec(conn_, "SET client_connection_check_interval = 2000")); // ignored before PostgreSQL 14
}

void PgConnection::execute(std::string const& sql) {
    Result res(PQexec(conn_, sql.c_str()));
    if (!res.ok()) fail_with(conn_, res, sql);
}

std::int64_t PgConnection::execute(SqlCommand const& command) {
    std::string const sql = pg_.parameterized(command);
    std::vector<std::string> texts;
    std::vector<char const*> values;
    for (auto const& p : command.params())
        texts.push_back(text_of(p));
    for (std::size_t i = 0; i < texts.size(); ++i)
        values.push_back(std::holds_alternative<std::nullptr_t>(command.params()[i]) ? nullptr
                                                                                     : texts[i].c_str());
    Result res(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                            nullptr, nullptr, 0));
    if (!res.ok()) fail_with(conn_, res, sql);
    char const* tuples = PQcmdTuples(res.get());
    return tuples && *tuples ? std::stoll(tuples) : 0;
}

Rows PgConnection::query(std::string const& sql) {
    Result res(PQexec(conn_, sql.c_str()));
    if (!res.ok()) fail_with(conn_, res, sql);
    return rows_of(res);
}

void PgConnection::run(Script const& script, Statement const& st, int number) {
    Result res(PQexec(conn_, st.text.c_str()));
    if (res.ok()) return;
    std::string const state = res.field(PG_DIAG_SQLSTATE);
    if (std::string const refusal = server_refusal(conn_, state); !refusal.empty())
        throw DatabaseError(refusal + ": " + error_text(conn_, res) + " (while running " +
                            script.path.string() + ":" + std::to_string(st.line) + ", statement " +
                            std::to_string(number) + ")");
    int line = st.line;
    std::string const position = res.field(PG_DIAG_STATEMENT_POSITION); // 1-based, in characters
    if (!position.empty()) {
        long chars = std::stol(position) - 1;
        std::size_t i = 0;
        for (; i < st.text.size() && chars > 0; ++i)
            if ((static_cast<unsigned char>(st.text[i]) & 0xC0) != 0x80) --chars;
        line += static_cast<int>(std::count(st.text.begin(), st.text.begin() + static_cast<long>(i), '\n'));
    }
    std::string message = res.field(PG_DIAG_MESSAGE_PRIMARY);
    if (message.empty()) message = one_line(PQerrorMessage(conn_));
    throw ScriptError(script.path.string(), line, number, message + detail_and_hint(res), state);
}

std::string const& PgConnection::lock_key(QualifiedName const& table) {
    if (lock_key_.empty()) lock_key_ = query("SELECT " + pg_.lock_key_sql(table)).at(0).at(0);
    return lock_key_;
}

PGconn* PgConnection::open_sibling(char const* what) const {
    // The same parameters as this connection (an application's, too), from libpq itself.
    PQconninfoOption* options = PQconninfo(conn_);
    std::vector<char const*> keys, values;
    std::vector<std::string> secrets;
    for (PQconninfoOption* o = options; o && o->keyword; ++o) {
        if (!o->val || !*o->val) continue;
        keys.push_back(o->keyword);
        values.push_back(o->val);
        if (std::string_view(o->keyword).find("pass") != std::string_view::npos) secrets.emplace_back(o->val);
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* c = PQconnectdbParams(keys.data(), values.data(), 0);
    PQconninfoFree(options);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        std::string message = c ? PQerrorMessage(c) : "out of memory";
        PQfinish(c);
        for (auto const& secret : secrets)
            message = redact(message, secret);
        throw DatabaseError(std::string("cannot open the ") + what + " connection to " + description() +
                            ": " + one_line(message));
    }
    PQsetNoticeProcessor(
        c, [](void*, char const*) {}, nullptr);
    return c;
}

PGconn* PgConnection::lock_connection() {
    if (!lock_conn_) lock_conn_ = open_sibling("lock");
    return lock_conn_;
}

bool PgConnection::behind_transaction_pooler() {
    auto backend = [&] { return std::stol(query("SELECT pg_backend_pid()").at(0).at(0)); };
    long before = backend();
    if (before == PQbackendPID(conn_)) return false; // the server's own key: no pooler
    // A pooler. Up to three rounds: a probe holds a transaction while this connection asks again.
    struct Probe {
        PGconn* c;
        ~Probe() { PQfinish(c); }
    } const probe{open_sibling("pooler probe")};
    for (int round = 0; round < 3; ++round) {
        Result held(PQexec(probe.c, "BEGIN; SELECT pg_backend_pid()"));
        if (!held.ok()) fail_with(probe.c, held, "SELECT pg_backend_pid()");
        long const lent = std::stol(PQgetvalue(held.get(), 0, 0));
        long const now = backend();
        Result done(PQexec(probe.c, "ROLLBACK"));
        if (lent == before || now != before) return true;
        before = now;
    }
    return false;
}

namespace {

// "7m12s", "2s", "1h3m".
std::string compact_duration(long seconds) {
    std::string out;
    if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
    if (seconds >= 60) out += std::to_string(seconds / 60 % 60) + "m";
    return out + std::to_string(seconds % 60) + "s";
}

} // namespace

std::string PgConnection::sessions_locking(QualifiedName const& relation) {
    std::string out;
    for (auto const& r :
         query("SELECT DISTINCT a.pid, coalesce(a.application_name, ''), coalesce(a.usename, ''), "
               "coalesce(a.state, ''), coalesce(extract(epoch FROM now() - coalesce(a.xact_start, "
               "a.state_change))::bigint, 0), left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), "
               "121) "
               "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.granted AND l.pid <> "
               "pg_backend_pid() AND l.relation = to_regclass(" +
               pg_.literal(pg_.quote_name(relation)) + ") ORDER BY 1")) {
        std::string text = r.at(5);
        if (text.size() > 120) text = text.substr(0, 120) + "...";
        out += (out.empty() ? "" : "; ") +
               ("pid " + r.at(0) + " (application " + (r.at(1).empty() ? "unnamed" : r.at(1)) + ", user " +
                r.at(2) + ", " + r.at(3) + " for " + compact_duration(std::stol(r.at(4))) +
                (text.empty() ? "" : ": " + text) + ")");
    }
    return out;
}

Rows PgConnection::query_bounded(std::string const& sql, QualifiedName const& relation, Timeout timeout) {
    execute("BEGIN");
    Result res(PQexec(conn_, ("SET LOCAL lock_timeout = '" +
                              std::to_string(std::max<long>(timeout.count(), 1)) + "ms'; " + sql)
                                 .c_str()));
    std::string const state = res.field(PG_DIAG_SQLSTATE);
    Result rollback(PQexec(conn_, "ROLLBACK"));
    if (state == "55P03") {
        std::string const holders = sessions_locking(relation);
        std::string const waited = timeout.count() % 1000 == 0 ? compact_duration(timeout.count() / 1000)
                                                               : std::to_string(timeout.count()) + "ms";
        throw LockTimeout("could not read " + relation.text() + " within " + waited + ": it is locked" +
                          (holders.empty() ? "" : " by " + holders));
    }
    if (!res.ok()) fail_with(conn_, res, sql);
    return rows_of(res);
}

Rows PgConnection::query_read_only(std::string const& sql) {
    Result begin(PQexec(conn_, "BEGIN READ ONLY"));
    if (!begin.ok()) fail_with(conn_, begin, "BEGIN READ ONLY");
    Result res(PQexecParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0));
    Result rollback(PQexec(conn_, "ROLLBACK"));
    if (!res.ok()) fail_with(conn_, res, sql);
    return rows_of(res);
}

void PgConnection::lock_lost(std::string const& why) {
    lock_held_ = false;
    PQfinish(lock_conn_); // whatever it held is gone with it
    lock_conn_ = nullptr;
    throw DatabaseError("lost the migration lock: its connection to " + description() + " failed (" +
                        one_line(why) + "); nothing more was run");
}

bool PgConnection::try_lock(QualifiedName const& table) {
    std::string const& key = lock_key(table);
    PGconn* c = lock_connection();
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    // Who holds it, for a waiter's message (application_name is at most 63 bytes).
    std::string const holder = ("migrator pid " + std::to_string(getpid()) + " on " + host).substr(0, 63);
    std::string const sql = "BEGIN; SET LOCAL idle_in_transaction_session_timeout = 0; "
                            "SELECT set_config('application_name', " +
                            pg_.literal(holder) + ", true); SELECT pg_try_advisory_xact_lock(" + key + ")";
    Result res(PQexec(c, sql.c_str()));
    if (!res.ok()) lock_lost(error_text(c, res));
    if (std::string_view(PQgetvalue(res.get(), 0, 0)) == "t") return lock_held_ = true;
    Result rollback(PQexec(c, "ROLLBACK"));
    return false;
}

void PgConnection::unlock(QualifiedName const&) {
    if (!lock_held_) throw DatabaseError("the migration lock was not held by this connection");
    lock_held_ = false;
    Result res(PQexec(lock_conn_, "COMMIT"));
    if (!res.ok()) lock_lost(error_text(lock_conn_, res));
}

void PgConnection::begin() {
    if (lock_held_) {
        Result res(PQexec(lock_conn_, "SELECT 1"));
        if (!res.ok()) lock_lost(error_text(lock_conn_, res));
    }
    Connection::begin();
}

std::string PgConnection::lock_holder(QualifiedName const& table) {
    std::string const key = "(" + lock_key(table) + "::bigint)";
    auto const rows =
        query("SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local') "
              "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
              "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = (" +
              key + " >> 32) & 4294967295 AND l.objid::bigint = " + key + " & 4294967295");
    if (rows.empty()) return {};
    auto const& r = rows.front();
    return "pid " + r[0] + " (application " + (r[1].empty() ? "unnamed" : r[1]) + ", client " + r[2] + ")";
}

std::string PgConnection::read_only_reason() {
    auto const row =
        query("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')").at(0);
    if (row.at(0) == "t") return "the server is a standby";
    if (row.at(1) == "on") return "the server or database is read-only (default_transaction_read_only = on)";
    return {};
}

std::vector<std::string> PgConnection::table_columns(QualifiedName const& table) {
    // to_regclass resolves an unqualified name through search_path, as every later statement does.
    std::vector<std::string> out;
    for (auto const& row :
         query("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(" +
               pg_.literal(pg_.quote_name(table)) + ") AND attnum > 0 AND NOT attisdropped ORDER BY attnum"))
        out.push_back(row.at(0));
    return out;
}

void PgConnection::cancel() noexcept {
    char error[256];
    if (cancel_) PQcancel(cancel_, error, sizeof error);
}

} // namespace migrator::postgresql
