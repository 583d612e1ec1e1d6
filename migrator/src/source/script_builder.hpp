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
    // Other tools run a script that controls its own transaction as written (SQLite's rebuild
    // recipe: PRAGMA foreign_keys=OFF; BEGIN; ... COMMIT; PRAGMA foreign_keys=ON): so does
    // migrator, outside its own transaction (Script::own_transaction), instead of refusing it.
    bool own_transaction_runs_as_written = false;
};

// Throws MigrationSetError "file:line: ..." for a NUL byte or a script's own BEGIN/COMMIT (see
// unwrap_own_transaction and own_transaction_runs_as_written), naming the dialect it was read
// for. An empty script (blanks and comments only) has no statements: the layout decides whether
// that is a no-op. Only an up's checksum is computed (only it is ever compared). With `split`
// false the script is normalised and checksummed only (LoadScope::up_text): no statements, no
// BEGIN/COMMIT check.
Script build_script(ScriptSource source, Dialect const& dialect, Direction direction, bool split = true);

// `m`'s up script split into statements, when it was loaded with LoadScope::up_text (else as
// it is): the same checks as build_script (a non-transactional migration's own BEGIN/COMMIT
// runs as written), the checksum kept.
Script split_up_script(Migration const& m, Dialect const& dialect);

// A migration whose scripts control their own transaction runs without the runner's.
void run_own_transaction_as_written(Migration& m);

// What every other tool's layout does with a migration it read, as those tools run it (README
// "Switching from another tool"): an up without statements is a no-op, recorded as applied; a
// missing down (`has_down` false), or an empty one beside an up that changes the schema (a
// seed's empty down is a no-op), makes the migration irreversible; a script with its own transaction control
// runs as written. Each case adds a warning naming the file.
void settle_foreign_migration(Migration& m, bool has_down, std::vector<SetWarning>& warnings);

// A migration without a down file, in any layout: irreversible (down stops before it) with a
// warning, unless its up is a no-op too, when its down is one as well.
void settle_missing_down(Migration& m, std::vector<SetWarning>& warnings);

// True when `text` is what `migrator new` writes into a fresh up.sql, or blank: an up nobody
// has written yet, which up refuses rather than record as a no-op.
bool scaffolded_text(std::string_view text);
// True when `text` is the comment line `new` writes into an up (in any layout).
bool scaffold_line(std::string_view text);

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
