#pragma once
// The migration model: pure data, no I/O. A MigrationSet is what a MigrationSource produced for
// one dialect: sorted by version, versions unique, each script chosen for that dialect and split
// into statements by that dialect. Values of these types are immutable once loaded and may be
// read from any number of threads.

#include <compare>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/export.hpp"

namespace migrator {

// A migration's version: a positive integer, ordered numerically (leading zeros do not matter).
struct MIGRATOR_API Version {
    std::int64_t value = 0;
    auto
    operator<=>(Version const&) const = default; // NOLINT(modernize-use-nullptr): clang-tidy 14 misreads it
};

// One statement of a script, as the dialect splits it.
struct MIGRATOR_API Statement {
    std::string text;       // from its first code character to its last: no ';', no comments around it
    std::size_t offset = 0; // byte offset of text's first character in the script
    int line = 1;           // 1-based line of that character
};

struct MIGRATOR_API Script {
    std::filesystem::path path;        // the file it was read from (for messages)
    std::string text;                  // as read, BOM and CRLF normalised away
    std::string checksum;              // SHA-256 hex of `text`
    std::vector<Statement> statements; // `text` split by the dialect; empty for an empty script
    int first_line = 1;                // where `text` starts in `path` (a section of a larger file)
    // The script controls its own transaction (BEGIN/COMMIT that are not one outer pair, such as
    // SQLite's table-rebuild recipe); it then runs as written, outside the runner's transaction.
    bool own_transaction = false;
};

enum class Direction { up, down };

struct MIGRATOR_API Migration {
    Version version;
    // The version as its tool writes it, where that is not the number itself: Flyway's "1.1",
    // diesel's "2016-08-15-133237". Empty for a plain number. See shown_version().
    std::string version_text;
    std::string name;                  // the folder name after "<version>_"
    std::string folder;                // the folder name itself, e.g. "0001_create_users"
    std::string description;           // migration.yaml `description`, may be empty
    bool transactional = true;         // migration.yaml `transaction`
    std::vector<std::string> dialects; // migration.yaml `dialects`; empty means all
    bool for_this_dialect = true;      // false: skipped (and never recorded) on the loaded dialect
    bool irreversible = false;         // no down: down refuses (migration.yaml `irreversible`, or none)
    // Why it is irreversible, for the message: "irreversible: true in migration.yaml", "has no
    // down", "its down is empty".
    std::string irreversible_why;
    // Its up holds no statement on purpose (a comment-only up, a no-op on this dialect): it is
    // recorded as applied without running anything. A freshly scaffolded up is not one: up
    // refuses it until it holds SQL.
    bool noop_up = false;
    // A repeatable migration (Flyway's R__ files, migrator's repeatable/ folder): no version of
    // its own; `folder` is its key ("R__views", "repeatable/views"), `name` how it is ordered and
    // shown, `version` its row's key (repeatable_version). It runs after the versioned ones, in
    // name order, whenever its checksum differs from the one recorded for it; it has no down.
    bool repeatable = false;
    Script up; // empty when !for_this_dialect
    Script down;

    Script const& script(Direction d) const noexcept { return d == Direction::up ? up : down; }
};

// The version as `m`'s tool writes it: version_text, or the number.
MIGRATOR_API std::string shown_version(Migration const& m);

// The version-table key of a repeatable: negative, so it never meets a migration's, and
// stable: the first 62 bits of SHA-256 of `name`, negated, minus one.
MIGRATOR_API Version repeatable_version(std::string_view name);

// Something a layout saw that loads but deserves a word: an up and down whose titles differ, a
// missing down, a no-op up.
struct MIGRATOR_API SetWarning {
    std::string kind; // "titles-differ", "no-down", "empty-down-irreversible", "noop-up", ...
    Version version;
    std::string message; // one line, naming the file
};

class MIGRATOR_API MigrationSet {
public:
    MigrationSet() = default;
    // `migrations` must be sorted by version with no duplicates (the loader guarantees it);
    // `repeatables` sorted by name.
    explicit MigrationSet(std::vector<Migration> migrations, std::vector<Migration> repeatables = {},
                          std::vector<SetWarning> warnings = {})
        : migrations_(std::move(migrations)), repeatables_(std::move(repeatables)),
          warnings_(std::move(warnings)) {}

    std::vector<Migration> const& migrations() const noexcept { return migrations_; }
    std::vector<Migration> const& repeatables() const noexcept { return repeatables_; }
    std::vector<SetWarning> const& warnings() const noexcept { return warnings_; }
    bool empty() const noexcept { return migrations_.empty() && repeatables_.empty(); }
    // O(log n).
    Migration const* find(Version v) const noexcept;
    // The migration `text` names as its tool writes versions (Flyway's "1.1"), or by its number;
    // null when none.
    Migration const* find(std::string_view text) const noexcept;

private:
    std::vector<Migration> migrations_;
    std::vector<Migration> repeatables_;
    std::vector<SetWarning> warnings_;
};

// One row of the version table (DESIGN.md "The version table").
struct MIGRATOR_API AppliedRow {
    Version version;
    std::string name;
    std::string checksum;
    std::string applied_at; // ISO-8601 UTC
    std::string applied_by;
    std::int64_t execution_ms = 0;
    bool dirty = false;
    int statements_done = 0;
    // For a dirty row: which script stopped half-way. A non-transactional down marks its row
    // dirty with Direction::down while it runs, so a half-run down is never mistaken for an up.
    Direction direction = Direction::up;
    // How the row came to be: by running its up, or recorded without running (baseline, import).
    enum class Origin { run, baseline, imported } origin = Origin::run;
    // After `repair --accept-checksum`: the checksum it replaced, and who accepted the edit.
    std::string previous_checksum;
    std::string checksum_accepted_by;
};

// True for a folder name of the form <digits>_<name>.
MIGRATOR_API bool is_migration_folder_name(std::string const& name);

// Why `name` (the part after "<version>_") cannot name a migration, or "" when it can: the one
// rule the loader and `new` share. A name is non-empty UTF-8 text without control characters,
// slashes or backslashes.
MIGRATOR_API std::string migration_name_problem(std::string_view name);

} // namespace migrator
