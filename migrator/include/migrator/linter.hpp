#pragma once
// PostgreSQL lint (DESIGN.md "check", step 4): statements in up scripts that take strong locks
// or rewrite tables that already exist. Pure text analysis, no database. A comment
// `-- migrator:allow <rule-id>` in or before a statement silences that rule for it.
//
// Rule ids: index-not-concurrent, not-null-without-default, alter-column-type, set-not-null,
// constraint-without-not-valid, destructive-in-up, non-tx-multi-statement, missing-lock-timeout.

#include <string>
#include <vector>

#include "migrator/migration.hpp"

namespace migrator {

struct LintFinding {
    std::string rule;
    Migration const* migration;
    std::string file;
    int line;
    std::string message;
};

// `set` must be loaded for PostgreSQL. Tables created by a migration are "new" within it and
// "existing" in every later one; tables the set never creates count as existing.
std::vector<LintFinding> lint_postgresql(MigrationSet const& set);

} // namespace migrator
