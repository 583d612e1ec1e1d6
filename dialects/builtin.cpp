#include "builtin.hpp"

#include "sqlite/sqlite_dialect.hpp"

namespace migrator::dialects {

void register_builtin_dialects(DialectRegistry& registry) {
    registry.add(std::make_unique<sqlite::SqliteDialect>());
}

} // namespace migrator::dialects
