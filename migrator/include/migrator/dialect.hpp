#pragma once
// The only interface a database backend implements (dialects/<name>/). The core drives
// every database through it and never names a backend. Implementations are stateless and
// const: one instance serves any number of sessions.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/database_url.hpp"
#include "migrator/duration.hpp"
#include "migrator/migration.hpp"
#include "migrator/qualified_name.hpp"
#include "migrator/schema.hpp"
#include "migrator/session.hpp"
#include "migrator/statement_splitter.hpp"

namespace migrator {

// Called after each statement of a script completes, with the count done so far.
using StatementDone = std::function<void(int statements_done)>;

class Dialect {
public:
    virtual ~Dialect() = default;

    virtual std::string_view name() const = 0; // "sqlite", "postgresql"
    virtual SqlFlavor flavor() const = 0;
    virtual bool supports_schemas() const = 0; // may a version table be "schema.table"?

    // Opens a connection. `lock_timeout` bounds how long later writes wait for other writers
    // (SQLite busy timeout). Throws DatabaseError (exit 1) with a redacted one-line message.
    virtual std::unique_ptr<Session> connect(DatabaseUrl const& url, Timeout lock_timeout) const = 0;
    // False when connecting would have to create the database (a missing SQLite file):
    // read-only commands then report an empty database instead of creating one.
    virtual bool database_exists(DatabaseUrl const&) const { return true; }

    // Transactions. begin() takes the write lock where the database has one (SQLite:
    // BEGIN IMMEDIATE) and throws LockTimeout when it is still busy after the lock timeout.
    virtual void begin(Session& s) const = 0;
    virtual std::string begin_sql() const { return "BEGIN"; } // what begin() sends, for --sql
    virtual void commit(Session& s) const = 0;
    virtual void rollback(Session& s) const = 0;

    // The migration lock for `table`, polled up to `timeout` from a connection with no open
    // transaction. Returns false when another session still holds it. Databases whose writes
    // serialise anyway (SQLite) return true at once and rely on begin().
    virtual bool try_lock(Session& s, QualifiedName const& table, Timeout timeout) const = 0;
    virtual void unlock(Session& s, QualifiedName const& table) const = 0;
    // Who holds the lock, for the timeout message ("" when the database cannot tell).
    virtual std::string lock_holder(Session&, QualifiedName const&) const { return {}; }

    // Runs one bookkeeping statement (no bound values, never a migration script).
    // Throws DatabaseError.
    virtual void execute(Session& s, std::string const& sql) const = 0;
    // Runs one bookkeeping query and returns every cell as text (NULL as ""). Native, because
    // SOCI's statement API rewrites ':name' inside SQL text on PostgreSQL. Throws DatabaseError.
    virtual std::vector<std::vector<std::string>> query(Session& s, std::string const& sql) const = 0;
    // Runs every statement of `script` in order; calls `after_each` after each one. Throws
    // ScriptError naming the file, the line and the statement number, with the database's message.
    virtual void run_script(Session& s, Script const& script, StatementDone const& after_each) const = 0;
    // Statements of `script`, as this dialect would run them one at a time.
    std::vector<Statement> split(std::string_view script) const { return split_statements(script, flavor()); }

    // SQL text helpers. Names are validated before they get here; they are still always quoted.
    virtual std::string quote_identifier(std::string_view identifier) const;
    std::string quote_name(QualifiedName const& name) const;
    virtual std::string quote_literal(std::string_view text) const;

    // The version table (DESIGN.md "The version table").
    virtual std::vector<std::string> version_table_ddl(QualifiedName const& table) const = 0;
    virtual bool table_exists(Session& s, QualifiedName const& table) const = 0;
    // SQL expressions used in version-table writes and reads.
    virtual std::string now_expression() const = 0;                            // applied_at value
    virtual std::string applied_by_expression() const = 0;                     // applied_by value
    virtual std::string applied_at_as_text(std::string_view column) const = 0; // ISO-8601 UTC
    virtual std::string bool_literal(bool value) const { return value ? "TRUE" : "FALSE"; }

    // The schema from the catalogs, without `version_table` (for `schema dump` and `check`).
    virtual SchemaModel inspect_schema(Session& s, QualifiedName const& version_table) const = 0;
    // A scratch database for `check`, on the server of `server` (PostgreSQL) or in `scratch_dir`
    // (SQLite); drop_scratch() removes it. Throws DatabaseError.
    virtual DatabaseUrl create_scratch(DatabaseUrl const& server, std::string const& scratch_dir) const = 0;
    // False when create_scratch() needs no server (a file-based database).
    virtual bool scratch_needs_server() const { return true; }
    virtual void drop_scratch(DatabaseUrl const& server, DatabaseUrl const& scratch) const = 0;
};

} // namespace migrator
