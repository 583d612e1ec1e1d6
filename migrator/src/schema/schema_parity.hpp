#pragma once
// Differences between two dialects' schemas that matter for an application (`check
// --dialects`): tables, columns (types compared by each dialect's type families), nullability,
// keys, foreign keys, uniques and indexes. Dialect-only objects (enum types, triggers) are
// ignored, and an enum type counts as text.

#include <string>
#include <vector>

#include "migrator/dialect.hpp"
#include "migrator/schema.hpp"

namespace migrator {

// Empty when they match.
std::vector<std::string> parity_differences(SchemaModel const& a, std::string const& a_name,
                                            Dialect const& a_dialect, SchemaModel const& b,
                                            std::string const& b_name, Dialect const& b_dialect);

} // namespace migrator
