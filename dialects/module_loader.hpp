#pragma once
// Registers the dialects the CLI links in (SQLite) and the ones it loads on first use from a
// module beside the executable (PostgreSQL). Library users and tests call
// register_builtin_dialects() instead, which links every dialect in.
#include "migrator/dialect_registry.hpp"

namespace migrator::dialects {

// Module search: $MIGRATOR_DIALECT_DIR, the executable's folder, then the install's lib folder.
void register_cli_dialects(DialectRegistry& registry);

} // namespace migrator::dialects
