#include "postgresql_dialect.hpp"

#include <libpq-fe.h>

#include <cctype>

#include "migrator/errors.hpp"
#include "postgresql.hpp"
#include "postgresql_connection.hpp"

namespace migrator::postgresql {

namespace {

// libpq prints NOTICEs to stderr by default; the library prints nothing.
void ignore_notice(void*, char const*) {}

} // namespace

std::unique_ptr<Dialect> make_dialect() {
    return std::make_unique<PostgresqlDialect>();
}

namespace {
// libpq gives no SQLSTATE for a failed connection, only text. These are the server not being
// there (yet): worth waiting for. A wrong password or database name is not.
bool server_not_answering(std::string const& message) {
    for (char const* sign : {"Connection refused", "could not translate host name", "timeout expired",
                             "the database system is starting up", "the database system is shutting down",
                             "the database system is in recovery mode", "No such file or directory",
                             "Network is unreachable", "No route to host", "server closed the connection",
                             "Connection reset", "could not connect to server"})
        if (message.find(sign) != std::string::npos) return true;
    return false;
}
} // namespace

std::unique_ptr<Connection> PostgresqlDialect::connect(DatabaseUrl const& url, Timeout) const {
    std::map<std::string, std::string> params = url.fields();
    params.try_emplace("application_name", "migrator");
    params.try_emplace("connect_timeout", "10");
    params.try_emplace("keepalives_idle", "30"); // a dead client's lock is noticed by TCP keepalive
    std::vector<char const*> keys, values;
    for (auto const& [k, v] : params) {
        keys.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        std::string const message = conn ? PQerrorMessage(conn) : "out of memory";
        PQfinish(conn);
        std::string const text = "cannot connect to " + url.redacted() + ": " + one_line(url.scrub(message));
        if (server_not_answering(message)) throw ConnectionFailed(text);
        throw DatabaseError(text);
    }
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    auto connection = std::make_unique<PgConnection>(*this, conn, true, url.redacted());
    connection->set_session_defaults();
    return connection;
}

std::unique_ptr<Connection> PostgresqlDialect::adopt(void* handle, Timeout) const {
    auto* conn = static_cast<PGconn*>(handle);
    std::map<std::string, std::string> fields;
    for (auto [key, value] : {std::pair{"host", PQhost(conn)},
                              {"port", PQport(conn)},
                              {"dbname", PQdb(conn)},
                              {"user", PQuser(conn)}})
        if (value && *value) fields[key] = value;
    return std::make_unique<PgConnection>(*this, conn, false, make_url(fields).redacted());
}

std::string PostgresqlDialect::literal(SqlValue const& value) const {
    auto const* text = std::get_if<std::string>(&value);
    if (!text || text->find('\\') == std::string::npos) return Dialect::literal(value);
    // With a backslash, an E'' literal: it means the same whatever standard_conforming_strings says.
    std::string out = "E'";
    for (char c : *text) {
        if (c == '\\' || c == '\'') out += c;
        out += c;
    }
    return out + "'";
}

std::vector<std::string> PostgresqlDialect::version_table_ddl(QualifiedName const& table) const {
    std::vector<std::string> out;
    if (!table.schema.empty()) out.push_back("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(table.schema));
    out.push_back("CREATE TABLE IF NOT EXISTS " + quote_name(table) +
                  " (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                  "applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_by TEXT NOT NULL, "
                  "execution_ms BIGINT NOT NULL DEFAULT 0, dirty BOOLEAN NOT NULL DEFAULT FALSE, "
                  "statements_done INTEGER NOT NULL DEFAULT 0, direction TEXT NOT NULL DEFAULT 'up')");
    return out;
}

std::string PostgresqlDialect::applied_by_expression() const {
    return "current_user || '@' || coalesce(host(inet_client_addr()), 'local')";
}

std::string PostgresqlDialect::applied_at_as_text(std::string_view column) const {
    return "to_char(" + std::string(column) + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

std::string PostgresqlDialect::lock_key_sql(QualifiedName const& table) const {
    // decode('00', 'hex'), not '\x00': a backslash means something else under
    // standard_conforming_strings = off. Names are validated identifiers.
    std::string const schema =
        table.schema.empty() ? "coalesce(current_schema(), '')" : literal(table.schema);
    return "('x' || left(encode(sha256(convert_to(current_database(), 'UTF8') || decode('00', 'hex') || "
           "convert_to(" +
           schema + ", 'UTF8') || decode('00', 'hex') || convert_to(" + literal(table.table) +
           ", 'UTF8')), 'hex'), 16))::bit(64)::bigint";
}

std::vector<std::string> PostgresqlDialect::script_lock_sql(QualifiedName const& table) const {
    return {"SELECT pg_advisory_lock(" + lock_key_sql(table) + ")"};
}

std::string PostgresqlDialect::search_path_sql(std::string_view schema, bool local) const {
    return std::string(local ? "SET LOCAL" : "SET") + " search_path TO " + quote_identifier(schema) +
           ", public";
}

std::vector<std::string> PostgresqlDialect::script_unlock_sql(QualifiedName const& table) const {
    return {"SELECT pg_advisory_unlock(" + lock_key_sql(table) + ")"};
}

std::string PostgresqlDialect::type_family(std::string_view type) const {
    if (type == "bytea") return "binary";
    return Dialect::type_family(type);
}

bool PostgresqlDialect::refused_in_transaction(std::string_view statement) const {
    // The statements PostgreSQL runs only outside a transaction block ("cannot run inside a
    // transaction block"), by their leading words; comments are not part of a split statement.
    std::string words;
    for (char c : statement.substr(0, 200)) {
        char const u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!words.empty() && words.back() != ' ') words += ' ';
        } else {
            words += u;
        }
    }
    auto starts = [&](std::string_view prefix) { return words.rfind(prefix, 0) == 0; };
    bool const concurrently = words.find(" CONCURRENTLY") != std::string::npos;
    return (concurrently && (starts("CREATE INDEX") || starts("CREATE UNIQUE INDEX") ||
                             starts("DROP INDEX") || starts("REINDEX"))) ||
           starts("VACUUM") || starts("CREATE DATABASE") || starts("DROP DATABASE") ||
           starts("ALTER SYSTEM") || starts("CREATE TABLESPACE") || starts("DROP TABLESPACE");
}

} // namespace migrator::postgresql
