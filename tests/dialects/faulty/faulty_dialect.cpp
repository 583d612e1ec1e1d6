#include "faulty_dialect.hpp"

#include "migrator/errors.hpp"

namespace migrator::test {

namespace {

class FaultyConnection final : public Connection {
public:
    FaultyConnection(Dialect const& outer, std::unique_ptr<Connection> inner, FaultPlan& plan)
        : Connection(outer, inner->description()), inner_(std::move(inner)), plan_(plan) {}

    void execute(std::string const& sql) override {
        plan_.call("execute", [&] { inner_->execute(sql); });
    }
    std::int64_t execute(SqlCommand const& c) override {
        return plan_.call("execute(params)", [&] { return inner_->execute(c); });
    }
    Rows query(std::string const& sql) override {
        return plan_.call("query", [&] { return inner_->query(sql); });
    }
    void run(Script const& s, Statement const& st, int n) override {
        plan_.call("run", [&] { inner_->run(s, st, n); });
    }
    void begin() override {
        plan_.call("begin", [&] { inner_->begin(); });
    }
    void commit() override {
        plan_.call("commit", [&] { inner_->commit(); });
    }
    void rollback() override {
        plan_.call("rollback", [&] { inner_->rollback(); });
    }
    bool try_lock(QualifiedName const& t) override {
        return plan_.call("try_lock", [&] { return inner_->try_lock(t); });
    }
    void unlock(QualifiedName const& t) override {
        plan_.call("unlock", [&] { inner_->unlock(t); });
    }
    std::string lock_holder(QualifiedName const& t) override {
        return plan_.call("lock_holder", [&] { return inner_->lock_holder(t); });
    }
    std::string read_only_reason() override {
        return plan_.call("read_only_reason", [&] { return inner_->read_only_reason(); });
    }
    std::vector<std::string> table_columns(QualifiedName const& t) override {
        return plan_.call("table_columns", [&] { return inner_->table_columns(t); });
    }
    std::string schema_sql(QualifiedName const& t) override {
        return plan_.call("schema_sql", [&] { return inner_->schema_sql(t); });
    }
    SchemaModel inspect_schema(QualifiedName const& t) override {
        return plan_.call("inspect_schema", [&] { return inner_->inspect_schema(t); });
    }
    void cancel() noexcept override { inner_->cancel(); }

private:
    std::unique_ptr<Connection> inner_;
    FaultPlan& plan_;
};

} // namespace

void FaultPlan::throw_fault(long n, char const* what) {
    failed = what;
    throw DatabaseError("injected fault: call " + std::to_string(n) + " (" + what + ") failed " +
                        (when == When::before ? "before it ran" : "after it ran"));
}

std::unique_ptr<Connection> FaultyDialect::connect(DatabaseUrl const& url, Timeout lock_timeout) const {
    auto inner = plan_->call("connect", [&] { return inner_.connect(url, lock_timeout); });
    return std::make_unique<FaultyConnection>(*this, std::move(inner), *plan_);
}

} // namespace migrator::test
