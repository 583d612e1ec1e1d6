#pragma once
// A schema rendered as DDL that the dialect can load (`schema dump --format sql`), for dialects
// whose catalog text is not itself loadable.

#include <string>

#include "migrator/dialect.hpp"
#include "migrator/schema.hpp"

namespace migrator {

// Enums, sequences, functions, tables (columns, primary keys, uniques, checks), indexes, then
// foreign keys as ALTER TABLE (so that table order does not matter), views and triggers. Names
// are quoted by the dialect; expressions and types are the catalog's own text.
std::string render_schema_sql(SchemaModel const& schema, Dialect const& dialect);

} // namespace migrator
