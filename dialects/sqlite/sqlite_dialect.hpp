#pragma once
// SQLite behind the core's Dialect interface. Scripts run through the native handle with a
// sqlite3_prepare_v2 loop over the tail (SOCI's statement API runs only the first statement).
// Writers serialise on BEGIN IMMEDIATE with busy_timeout = lock_timeout; there is no session lock.

#include "migrator/dialect.hpp"

namespace migrator::sqlite {

class SqliteDialect final : public Dialect {
public:
    std::string_view name() const override { return "sqlite"; }
    SqlFlavor flavor() const override { return SqlFlavor::sqlite; }
    bool supports_schemas() const override { return false; }

    std::unique_ptr<Session> connect(DatabaseUrl const& url, Timeout lock_timeout) const override;
    bool database_exists(DatabaseUrl const& url) const override;

    void begin(Session& s) const override;
    std::string begin_sql() const override { return "BEGIN IMMEDIATE"; }
    void commit(Session& s) const override;
    void rollback(Session& s) const override;

    bool try_lock(Session&, QualifiedName const&, Timeout) const override { return true; }
    void unlock(Session&, QualifiedName const&) const override {}

    void execute(Session& s, std::string const& sql) const override;
    std::vector<std::vector<std::string>> query(Session& s, std::string const& sql) const override;
    void run_script(Session& s, Script const& script, StatementDone const& after_each) const override;

    std::vector<std::string> version_table_ddl(QualifiedName const& table) const override;
    bool table_exists(Session& s, QualifiedName const& table) const override;
    std::string now_expression() const override;
    std::string applied_by_expression() const override;
    std::string applied_at_as_text(std::string_view column) const override { return std::string(column); }

    SchemaModel inspect_schema(Session& s, QualifiedName const& version_table) const override;
    DatabaseUrl create_scratch(DatabaseUrl const& server, std::string const& scratch_dir) const override;
    void drop_scratch(DatabaseUrl const& server, DatabaseUrl const& scratch) const override;
    bool scratch_needs_server() const override { return false; }
};

} // namespace migrator::sqlite
