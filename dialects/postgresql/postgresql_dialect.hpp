#pragma once
// PostgreSQL behind the core's Dialect interface. Scripts run one statement at a time
// through the native PGconn (never SOCI's statement API, which rewrites ':name'); the
// migration lock is a session-level advisory lock polled with pg_try_advisory_lock.

#include "migrator/dialect.hpp"

namespace migrator::postgresql {

class PostgresqlDialect final : public Dialect {
public:
    std::string_view name() const override { return "postgresql"; }
    SqlFlavor flavor() const override { return SqlFlavor::postgresql; }
    bool supports_schemas() const override { return true; }

    std::unique_ptr<Session> connect(DatabaseUrl const& url, Timeout lock_timeout) const override;

    void begin(Session& s) const override { execute(s, "BEGIN"); }
    void commit(Session& s) const override { execute(s, "COMMIT"); }
    void rollback(Session& s) const override { execute(s, "ROLLBACK"); }

    bool try_lock(Session& s, QualifiedName const& table, Timeout timeout) const override;
    void unlock(Session& s, QualifiedName const& table) const override;
    std::string lock_holder(Session& s, QualifiedName const& table) const override;

    void execute(Session& s, std::string const& sql) const override;
    std::vector<std::vector<std::string>> query(Session& s, std::string const& sql) const override;
    void run_script(Session& s, Script const& script, StatementDone const& after_each) const override;

    std::vector<std::string> version_table_ddl(QualifiedName const& table) const override;
    bool table_exists(Session& s, QualifiedName const& table) const override;
    std::string now_expression() const override { return "now()"; }
    std::string applied_by_expression() const override;
    std::string applied_at_as_text(std::string_view column) const override;

    SchemaModel inspect_schema(Session& s, QualifiedName const& version_table) const override;
    DatabaseUrl create_scratch(DatabaseUrl const& server, std::string const& scratch_dir) const override;
    void drop_scratch(DatabaseUrl const& server, DatabaseUrl const& scratch) const override;

    // libpq's key=value connection string for `url` (values single-quoted and escaped).
    // Public for tests; holds the password, so it is never printed.
    static std::string conninfo(DatabaseUrl const& url);
    // The advisory-lock key: the first 8 bytes of SHA-256 of database, schema and table.
    std::int64_t lock_key(Session& s, QualifiedName const& table) const;
};

} // namespace migrator::postgresql
