#pragma once
// A database backend: the stateless vocabulary of one SQL dialect (its URLs, how it splits
// scripts, how it quotes and writes the version table, its lint rules) and the factory of its
// Connections. One instance serves any number of connections and threads: every method is
// const and thread-safe.
//
// How to add a dialect (nothing in migrator/src/ changes):
//  1. In dialects/<name>/, implement Dialect (this file) and Connection (connection.hpp).
//     Required: name(), parse_url(), connect(), split(), version_table_ddl(),
//     create_scratch(), drop_scratch(); and in Connection: execute() (both), query(), run(),
//     try_lock(), unlock(), inspect_schema(). Everything else has a standard-SQL default;
//     override what your database says differently (url_schemes, quoting, begin_sql, lint...).
//  2. split() with the database's own parser where there is one; keep file:line in errors.
//  3. Register it: add it in dialects/builtin.cpp (libmigrator and the tests), and for the CLI
//     in migrator/cli/dialect_modules.cpp (linked in), or build it as a loadable module
//     libmigrator_<name>.so exporting `migrator_make_<name>_dialect`, which the CLI loads
//     when a URL's scheme is <name>.
//  4. Run the shared suites on it: add tests/dialects/<name>/target.cpp, a main that fills a
//     test::ConformanceTarget (how to reach a scratch database, how its client replays a
//     script, its quirks) and calls test::run_suite; then add <name> to the foreach() in
//     tests/CMakeLists.txt, which runs the conformance, API and fault-injection suites on it.
//     The suites name no dialect.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/connection.hpp"
#include "migrator/database_url.hpp"
#include "migrator/duration.hpp"
#include "migrator/export.hpp"
#include "migrator/lint_finding.hpp"
#include "migrator/migration.hpp"
#include "migrator/qualified_name.hpp"
#include "migrator/sql_command.hpp"

namespace migrator {

class MIGRATOR_API Dialect {
public:
    virtual ~Dialect();

    // --- identity and URLs -----------------------------------------------------------------
    virtual std::string_view name() const = 0; // as in migration.yaml `dialects:` and file names
    // URL schemes it serves; the core picks the dialect by the scheme alone. Default: name().
    virtual std::vector<std::string> url_schemes() const { return {std::string(name())}; }
    // Names other tools give this database in file names (popx's {version}_{name}.{db}.up.sql).
    // Default: url_schemes().
    virtual std::vector<std::string> file_aliases() const { return url_schemes(); }
    // True for a statement the database refuses inside a transaction block (PostgreSQL's
    // CREATE INDEX CONCURRENTLY, VACUUM, ...). Layouts of tools that decide transactions by
    // statement (golang-migrate runs scripts bare, Flyway detects) then run the migration
    // without one. Default: none.
    virtual bool refused_in_transaction(std::string_view /*statement*/) const { return false; }
    // Parses its own URL grammar. `base_dir` resolves relative file paths (empty: the working
    // directory). Throws UsageError that never echoes the URL beyond its scheme.
    virtual DatabaseUrl parse_url(std::string_view text, std::filesystem::path const& base_dir) const = 0;
    // False when connecting would create the database (a missing file): read-only commands
    // then report an empty database instead of creating one.
    virtual bool database_exists(DatabaseUrl const&) const { return true; }
    // `lock_timeout` bounds how long writes wait for other writers where the database waits
    // itself (SQLite's busy timeout). Throws DatabaseError with the redacted URL.
    virtual std::unique_ptr<Connection> connect(DatabaseUrl const& url, Timeout lock_timeout) const = 0;
    // A Connection over a native handle the caller owns and keeps open (a sqlite3*, a PGconn*),
    // for applications that already hold one (e.g. in a soci::session); it never closes it.
    // Default: UsageError.
    virtual std::unique_ptr<Connection> adopt(void* native_handle, Timeout lock_timeout) const;
    // The name SOCI gives this backend ("sqlite3", "postgresql"), "" when there is none.
    virtual std::string_view soci_backend() const { return {}; }

    // --- scripts ---------------------------------------------------------------------------
    // The statements of a script, in order, as the database itself would split them; blank and
    // comment-only parts are dropped. Linear in the script's length. Never throws for a syntax
    // error: the database reports that when the statement runs.
    virtual std::vector<Statement> split(std::string_view script) const = 0;
    // Why this dialect cannot run `statement` as written (SQLite: PostgreSQL's dollar quoting),
    // or "". It tells which dialects another tool's set, which has no per-dialect files, is for.
    // Default: "" (anything that splits may run).
    virtual std::string foreign_syntax(std::string_view /*statement*/) const { return {}; }

    // --- vocabulary (all with standard-SQL defaults) ---------------------------------------
    virtual bool supports_schemas() const { return false; } // may a version table be schema.table?
    virtual std::string quote_identifier(std::string_view identifier) const; // "..." with "" doubled
    std::string quote_name(QualifiedName const& name) const;
    // A literal that means `value` whatever the session's string settings; default: '...' with ''.
    virtual std::string literal(SqlValue const& value) const;
    // The n-th (1-based) parameter marker. Default "?".
    virtual std::string placeholder(int n) const;
    // A command's text with parameter markers (what a live run prepares), or with literals
    // (what --sql prints).
    std::string parameterized(SqlCommand const& command) const;
    std::string rendered(SqlCommand const& command) const;
    // The statement that makes `schema` the first on the search path (then public), for
    // OpenOptions::schema: for the transaction just begun (`local`, which a transaction pooler
    // keeps with it), or for the session. Default: UsageError, as where supports_schemas() is
    // false.
    virtual std::string search_path_sql(std::string_view schema, bool local = false) const;
    // What undoes a session-level search_path_sql(). Default: UsageError, as above.
    virtual std::string reset_search_path_sql() const;
    virtual std::string begin_sql() const { return "BEGIN"; }
    virtual std::string commit_sql() const { return "COMMIT"; }
    virtual std::string rollback_sql() const { return "ROLLBACK"; }

    // --- the version table -----------------------------------------------------------------
    // CREATE ... IF NOT EXISTS statements: idempotent (DESIGN.md "The version table").
    virtual std::vector<std::string> version_table_ddl(QualifiedName const& table) const = 0;
    virtual std::string now_expression() const { return "CURRENT_TIMESTAMP"; }   // applied_at
    virtual std::string applied_by_expression() const { return "CURRENT_USER"; } // applied_by
    virtual std::string applied_at_as_text(std::string_view column) const;       // ISO-8601 UTC
    // What an offline (--sql) script runs to hold the run's lock, and to release it; empty
    // where the lock cannot be expressed in SQL.
    virtual std::vector<std::string> script_lock_sql(QualifiedName const&) const { return {}; }
    virtual std::vector<std::string> script_unlock_sql(QualifiedName const&) const { return {}; }

    // --- `check` ---------------------------------------------------------------------------
    // Lint rules over the up scripts of `set` (loaded for this dialect). Default: none.
    virtual std::vector<LintFinding> lint(MigrationSet const& set) const;
    // Every rule lint() may report, in the order the documentation lists them. Default: none.
    virtual std::vector<LintRule> lint_rules() const { return {}; }
    // The family a column type belongs to, for dialect parity: integer, text, timestamp,
    // boolean, numeric, binary, or the type itself. Default: a portable classification.
    virtual std::string type_family(std::string_view type) const;
    // A scratch database for `check`, on the server `server` names or under `scratch_dir`;
    // drop_scratch() removes it. Throws DatabaseError.
    virtual DatabaseUrl create_scratch(DatabaseUrl const& server,
                                       std::filesystem::path const& scratch_dir) const = 0;
    virtual void drop_scratch(DatabaseUrl const& server, DatabaseUrl const& scratch) const = 0;
    // Drops the scratch databases on `server` that a check killed outright (kill -9) left behind,
    // and none in use. Default: nothing (a file-based scratch lives in check's own folder).
    virtual void drop_stale_scratch(DatabaseUrl const& /*server*/) const {}
    // False when create_scratch() needs no server (a file-based database).
    virtual bool scratch_needs_server() const { return true; }
};

} // namespace migrator
