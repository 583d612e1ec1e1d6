#pragma once
// A test-only dialect that wraps another and makes its Nth database call fail: SQLite's own
// fault-injection loop (fail malloc N, then N+1, ...) for migrator. It is an ordinary Dialect
// and Connection, added without any change to the core. Every Connection call and connect()
// count as one call; call N throws DatabaseError("injected fault ..."), either before the call
// reaches the database or after it did its work ("the database did it, the caller heard it
// failed", like a connection lost after COMMIT).

#include <atomic>
#include <memory>
#include <string>

#include "migrator/dialect.hpp"

namespace migrator::test {

struct FaultPlan {
    enum class When { before, after };
    std::atomic<long> calls{0};
    long fail_at = 0; // 0: never
    When when = When::before;
    std::string failed; // the call that failed, once it did

    void arm(long n, When w) {
        calls = 0;
        fail_at = n;
        when = w;
        failed.clear();
    }
    void disarm() { arm(0, When::before); }
    bool fired() const { return !failed.empty(); }

    // Counts one call and runs `real`, failing at call N as planned.
    template <class Real> auto call(char const* what, Real&& real) -> decltype(real()) {
        long const n = ++calls;
        bool const fail = n == fail_at;
        if (fail && when == When::before) throw_fault(n, what);
        if constexpr (std::is_void_v<decltype(real())>) {
            real();
            if (fail) throw_fault(n, what);
        } else {
            auto result = real();
            if (fail) throw_fault(n, what);
            return result;
        }
    }

private:
    [[noreturn]] void throw_fault(long n, char const* what);
};

class FaultyDialect final : public Dialect {
public:
    // Serves the same name and schemes as `inner`, so that the same migration files apply.
    FaultyDialect(Dialect const& inner, std::shared_ptr<FaultPlan> plan)
        : inner_(inner), plan_(std::move(plan)) {}

    std::string_view name() const override { return inner_.name(); }
    std::vector<std::string> url_schemes() const override { return inner_.url_schemes(); }
    std::vector<std::string> file_aliases() const override { return inner_.file_aliases(); }
    DatabaseUrl parse_url(std::string_view text, std::filesystem::path const& base_dir) const override {
        return inner_.parse_url(text, base_dir);
    }
    bool database_exists(DatabaseUrl const& url) const override { return inner_.database_exists(url); }
    std::unique_ptr<Connection> connect(DatabaseUrl const& url, Timeout lock_timeout) const override;

    std::vector<Statement> split(std::string_view script) const override { return inner_.split(script); }
    bool supports_schemas() const override { return inner_.supports_schemas(); }
    std::string quote_identifier(std::string_view id) const override { return inner_.quote_identifier(id); }
    std::string literal(SqlValue const& v) const override { return inner_.literal(v); }
    std::string placeholder(int n) const override { return inner_.placeholder(n); }
    std::string begin_sql() const override { return inner_.begin_sql(); }
    std::string commit_sql() const override { return inner_.commit_sql(); }
    std::string rollback_sql() const override { return inner_.rollback_sql(); }
    std::vector<std::string> version_table_ddl(QualifiedName const& t) const override {
        return inner_.version_table_ddl(t);
    }
    std::string now_expression() const override { return inner_.now_expression(); }
    std::string applied_by_expression() const override { return inner_.applied_by_expression(); }
    std::string applied_at_as_text(std::string_view c) const override { return inner_.applied_at_as_text(c); }
    std::vector<std::string> script_lock_sql(QualifiedName const& t) const override {
        return inner_.script_lock_sql(t);
    }
    std::vector<std::string> script_unlock_sql(QualifiedName const& t) const override {
        return inner_.script_unlock_sql(t);
    }
    std::vector<LintFinding> lint(MigrationSet const& set) const override { return inner_.lint(set); }
    std::string type_family(std::string_view type) const override { return inner_.type_family(type); }
    DatabaseUrl create_scratch(DatabaseUrl const& server, std::filesystem::path const& dir) const override {
        return inner_.create_scratch(server, dir);
    }
    void drop_scratch(DatabaseUrl const& server, DatabaseUrl const& scratch) const override {
        inner_.drop_scratch(server, scratch);
    }
    bool scratch_needs_server() const override { return inner_.scratch_needs_server(); }

private:
    Dialect const& inner_;
    std::shared_ptr<FaultPlan> plan_;
};

} // namespace migrator::test
