#pragma once
// One statement of an up script that a dialect's lint rules report (DESIGN.md "check", step 4).
// Ownership: `migration` points into the MigrationSet that was linted, and is valid as long as
// it. Thread-safety: a plain value.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrator/export.hpp"
#include "migrator/migration.hpp"

namespace migrator {

// A rule a dialect declares (Dialect::lint_rules): the one place its id lives. `check`, `migrator
// help lint-rules` and the documentation's rules table read it; an id that no registered dialect
// declares, in `-- migrator:allow` or `lint.allow`, is an error (exit 2) naming file:line.
struct MIGRATOR_API LintRule {
    std::string id;       // "index-not-concurrent"
    std::string severity; // "error": a finding fails `check` (exit 3)
    std::string summary;  // one line: what it reports and what to do instead
};

// The rule ids that `-- migrator:allow ID[, ID...]` comments in `text` name, each with its line
// (`first_line` is the line of the text's first), in the order written.
MIGRATOR_API std::vector<std::pair<std::string, int>> allow_comments(std::string_view text,
                                                                     int first_line = 1);

struct MIGRATOR_API LintFinding {
    std::string rule;             // rule id, e.g. "index-not-concurrent"
    Migration const* migration{}; // into the MigrationSet that was linted
    std::string file;
    int line = 0;
    std::string message;
};

} // namespace migrator
