#pragma once
// The CLI's dialects: SQLite linked in; PostgreSQL, and any other scheme, loaded on first use
// from a module libmigrator_<name>.so, so that a run never loads a client library it does not
// need (libpq's dependency tree costs about 14 ms per process start).
#include "migrator/dialect_registry.hpp"

namespace migrator::cli {
void register_cli_dialects(DialectRegistry& registry);
}
