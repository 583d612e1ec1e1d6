#pragma once
// Turns one script, as a layout found it, into a Script the executor runs: normalised text, the
// dialect's statements with their file lines, the checksum. Shared by every layout so that a
// set read in place from another tool's files is split, checksummed and refused exactly as
// migrator's own (README "Switching from another tool").

#include <string>
#include <utility>
#include <vector>

#include "migrator/dialect.hpp"
#include "migrator/migration.hpp"

namespace migrator {

struct ScriptSource {
    std::string file;   // how messages name the file
    std::string text;   // the script's bytes: a whole file, or one section of it
    int first_line = 1; // the file line of text's first byte
    // Ranges [begin, end) of `text` that run as one statement however many ';' they hold (goose's
    // StatementBegin/StatementEnd blocks), in order and disjoint.
    std::vector<std::pair<std::size_t, std::size_t>> single_statements;
    // golang-migrate runs scripts bare, so its scripts often wrap themselves in BEGIN ... COMMIT:
    // such an outer pair is dropped (the runner's transaction takes its place) instead of refused.
    bool unwrap_own_transaction = false;
};

// Throws MigrationSetError "file:line: ..." for a NUL byte or a script's own BEGIN/COMMIT (see
// unwrap_own_transaction), and
// for an empty up. An empty down (blanks and comments only) is a no-op down. Only an up's
// checksum is computed (only it is ever compared). With `split` false the script is normalised
// and checksummed only (LoadScope::up_text): no statements, no BEGIN/COMMIT check.
Script build_script(ScriptSource source, Dialect const& dialect, Direction direction, bool split = true);

// `m`'s up script split into statements, when it was loaded with LoadScope::up_text (else as
// it is): the same checks as build_script, the checksum kept.
Script split_up_script(Migration const& m, Dialect const& dialect);

// Throws MigrationSetError "shown: ..." unless `name` is UTF-8 text without control characters
// or backslashes: it goes into the version table and into messages.
void check_migration_name(std::string const& name, std::string const& shown);

// The version written as `digits` (ASCII digits only); MigrationSetError "shown: ..." stating
// the 64-bit limit when it does not fit.
Version parse_version(std::string const& digits, std::string const& shown);

// A migration of a tool that decides transactions by statement: without one when any of its
// statements is refused_in_transaction() by the dialect.
void infer_transaction(Migration& m, Dialect const& dialect);

// True when the file holds only blanks and comments (standard SQL ones).
bool blank_sql(std::string_view text);

} // namespace migrator
