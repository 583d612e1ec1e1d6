#pragma once
// SQLite: the vocabulary. A script is split with sqlite3_complete(), as the sqlite3 shell
// decides where a statement ends, and each statement runs through sqlite3_prepare_v2. Writers
// serialise on BEGIN IMMEDIATE with busy_timeout = the lock timeout.

#include "migrator/dialect.hpp"

namespace migrator::sqlite {

class SqliteDialect final : public Dialect {
public:
    std::string_view name() const override { return "sqlite"; }
    std::string_view soci_backend() const override { return "sqlite3"; }
    std::vector<std::string> file_aliases() const override { return {"sqlite", "sqlite3"}; } // popx: sqlite3

    // sqlite:///relative.db, sqlite:////absolute.db, sqlite://:memory:; ?mode=ro|rw|rwc.
    DatabaseUrl parse_url(std::string_view text, std::filesystem::path const& base_dir) const override;
    bool database_exists(DatabaseUrl const& url) const override;
    std::unique_ptr<Connection> connect(DatabaseUrl const& url, Timeout lock_timeout) const override;
    std::unique_ptr<Connection> adopt(void* native_handle, Timeout lock_timeout) const override;

    std::vector<Statement> split(std::string_view script) const override;
    std::string foreign_syntax(std::string_view statement) const override;

    std::string begin_sql() const override { return "BEGIN IMMEDIATE"; }
    std::vector<std::string> version_table_ddl(QualifiedName const& table) const override;
    std::string now_expression() const override;
    std::string applied_by_expression() const override;
    std::string applied_at_as_text(std::string_view column) const override { return std::string(column); }

    DatabaseUrl create_scratch(DatabaseUrl const& server,
                               std::filesystem::path const& scratch_dir) const override;
    void drop_scratch(DatabaseUrl const& server, DatabaseUrl const& scratch) const override;
    bool scratch_needs_server() const override { return false; }

private:
    // "user@host" of the process, for applied_by.
    static std::string operating_system_account();
};

} // namespace migrator::sqlite
