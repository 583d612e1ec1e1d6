// The library's composition root: every dialect compiled into libmigrator.
#include "migrator/dialect_registry.hpp"
#include "postgresql/postgresql.hpp"
#include "sqlite/sqlite.hpp"

namespace migrator {

void register_builtin_dialects(DialectRegistry& registry) {
    registry.add(sqlite::make_dialect());
    registry.add(postgresql::make_dialect());
}

DialectRegistry builtin_dialects() {
    DialectRegistry registry;
    register_builtin_dialects(registry);
    return registry;
}

} // namespace migrator
