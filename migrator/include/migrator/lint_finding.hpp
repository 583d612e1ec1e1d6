#pragma once
#include <string>

#include "migrator/migration.hpp"

namespace migrator {

// One statement of an up script that a dialect's lint rules report (DESIGN.md "check", step 4).
struct LintFinding {
    std::string rule;             // rule id, e.g. "index-not-concurrent"
    Migration const* migration{}; // into the MigrationSet that was linted
    std::string file;
    int line = 0;
    std::string message;
};

} // namespace migrator
