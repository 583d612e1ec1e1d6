#pragma once
// One statement of an up script that a dialect's lint rules report (DESIGN.md "check", step 4).
// Ownership: `migration` points into the MigrationSet that was linted, and is valid as long as
// it. Thread-safety: a plain value.

#include <string>

#include "migrator/export.hpp"
#include "migrator/migration.hpp"

namespace migrator {

struct MIGRATOR_API LintFinding {
    std::string rule;             // rule id, e.g. "index-not-concurrent"
    Migration const* migration{}; // into the MigrationSet that was linted
    std::string file;
    int line = 0;
    std::string message;
};

} // namespace migrator
