#pragma once
// PostgreSQL: the vocabulary. URLs are parsed by libpq (PQconninfoParse); scripts are split by
// PostgreSQL's own lexer (libpg_query) and linted on its parse tree; the migration lock is a
// session-level advisory lock keyed on database + schema + table, polled by the core.

#include "migrator/dialect.hpp"

namespace migrator::postgresql {

class PostgresqlDialect final : public Dialect {
public:
    std::string_view name() const override { return "postgresql"; }
    std::vector<std::string> url_schemes() const override { return {"postgresql", "postgres"}; }
    std::string_view soci_backend() const override { return "postgresql"; }

    DatabaseUrl parse_url(std::string_view text, std::filesystem::path const& base_dir) const override;
    std::unique_ptr<Connection> connect(DatabaseUrl const& url, Timeout lock_timeout) const override;
    std::unique_ptr<Connection> adopt(void* native_handle, Timeout lock_timeout) const override;

    std::vector<Statement> split(std::string_view script) const override;
    bool refused_in_transaction(std::string_view statement) const override;

    bool supports_schemas() const override { return true; }
    std::string search_path_sql(std::string_view schema, bool local) const override;
    std::string reset_search_path_sql() const override { return "RESET search_path"; }
    std::string literal(SqlValue const& value) const override;
    std::string placeholder(int n) const override { return "$" + std::to_string(n); }
    std::vector<std::string> version_table_ddl(QualifiedName const& table) const override;
    std::string now_expression() const override { return "now()"; }
    std::string applied_by_expression() const override;
    std::string applied_at_as_text(std::string_view column) const override;
    std::vector<std::string> script_lock_sql(QualifiedName const& table) const override;
    std::vector<std::string> script_unlock_sql(QualifiedName const& table) const override;

    std::vector<LintFinding> lint(MigrationSet const& set) const override;
    std::vector<LintRule> lint_rules() const override;
    std::string type_family(std::string_view type) const override;
    DatabaseUrl create_scratch(DatabaseUrl const& server,
                               std::filesystem::path const& scratch_dir) const override;
    void drop_scratch(DatabaseUrl const& server, DatabaseUrl const& scratch) const override;
    void drop_stale_scratch(DatabaseUrl const& server) const override;

    // The advisory-lock key of `table`, as a SQL expression: the first 8 bytes of SHA-256 of
    // database, schema and table, computed by the server so that a --sql script and a live run
    // take the same lock.
    std::string lock_key_sql(QualifiedName const& table) const;
    // A URL from libpq keywords: its redacted form and secrets follow from them.
    static DatabaseUrl make_url(std::map<std::string, std::string> fields);
};

} // namespace migrator::postgresql
