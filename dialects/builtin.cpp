#include "builtin.hpp"

#include "postgresql/postgresql_dialect.hpp"
#include "sqlite/sqlite_dialect.hpp"

namespace migrator::dialects {

void register_builtin_dialects(DialectRegistry& registry) {
    registry.add(std::make_unique<sqlite::SqliteDialect>());
    registry.add(std::make_unique<postgresql::PostgresqlDialect>());
}

} // namespace migrator::dialects
