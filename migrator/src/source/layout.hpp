#pragma once
// One way of laying migrations out on disk: migrator's own folders, or another tool's files read
// in place (README "Switching from another tool"). A layout turns the entries of a tree into the
// migrations one dialect sees; the Loader sorts them, refuses duplicates and empty sets.
//
// Contract for read(): every malformed input is a MigrationSetError (exit 2) naming
// "file[:line]"; each file is read at most once; only the files the dialect needs are read
// (where the layout allows knowing that from names); the scripts go through build_script.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "migrator/dialect.hpp"
#include "migrator/migration_source.hpp"

namespace migrator {

// What a layout may need to know of the dialects without naming any.
struct DialectNames {
    std::vector<std::string> names;             // as migration.yaml `dialects:` lists them
    std::map<std::string, std::string> aliases; // a name other tools' files use -> the dialect's name
};

// What a layout read: the migrations, unsorted (versions may repeat: the Loader names both),
// the repeatable migrations, and what it saw that loads but deserves a warning.
struct LayoutContents {
    std::vector<Migration> migrations;
    std::vector<Migration> repeatables; // Migration::repeatable
    std::vector<SetWarning> warnings;
};

class Layout {
public:
    using Entries = std::vector<MigrationSource::Tree::Entry>;

    virtual ~Layout() = default;
    virtual Format format() const = 0;
    // With LoadScope::up_only a layout that keeps the down script in a file of its own need not
    // read it (see LoadScope).
    virtual LayoutContents read(MigrationSource::Tree const& tree, Entries const& entries,
                                Dialect const& dialect, DialectNames const& dialects,
                                LoadScope scope) const = 0;

    // What `new` writes for the next migration (scaffold_migration): file paths relative to the
    // set's directory, and their text.
    struct Scaffold {
        std::vector<std::pair<std::string, std::string>> files;
    };
    // Its version comes after every one among `entries` (the set's top-level entries).
    virtual Scaffold scaffold(Entries const& entries, std::string const& name, NewVersion style,
                              std::string const& utc_now) const = 0;

    // The layout for `format` (not Format::detect).
    static Layout const& of(Format format);
    // The layout the entries are written in; dbmate and goose files are told apart by their
    // markers, read through `tree` (so pass the tree the layout will read, to read once).
    // MigrationSetError when they match none or mix two.
    static Format detect(MigrationSource::Tree const& tree, Entries const& entries,
                         DialectNames const& dialects);
};

// A Flyway version ("1", "1.1", "2.0.3", "1_1") as migrator stores it (flyway_layout.cpp);
// MigrationSetError "shown: ..." when it is outside what fits.
Version flyway_version(std::string const& written, std::string const& shown);

// `new`'s next version after `versions` (digits as written): a timestamp (`utc_now`, or one
// more than the newest when that is later) when `style` says so, or it is the tool's habit
// (`timestamp_by_default`) and the set holds no sequence numbers; else the next sequence number,
// as wide as the widest there (`width` when there is none).
std::string next_version(std::vector<std::string> const& versions, NewVersion style,
                         bool timestamp_by_default, std::size_t width, std::string const& utc_now);
// The scaffold's script texts: what `new` writes, which up refuses until SQL replaces it.
std::string scaffold_up(std::string const& name);
std::string scaffold_down(std::string const& name);

// A diesel version's digits (dashes removed) as migrator stores them: right-padded with zeros to
// 18 digits, so that numbers order as diesel orders the texts (diesel_layout.cpp).
// MigrationSetError "shown: ..." beyond 18 digits.
Version diesel_version(std::string const& digits, std::string const& shown);

// The dialect a popx file infix ("postgres" in 1_a.postgres.up.sql) names, by the dialects'
// names and aliases (file_pair_layout.cpp); nullopt when it names none and is part of the title.
std::optional<std::string> popx_dialect(std::string const& infix, DialectNames const& dialects);

Layout const& migrator_layout();
Layout const& golang_migrate_layout();
Layout const& sqlx_layout();
Layout const& dbmate_layout();
Layout const& goose_layout();
Layout const& diesel_layout();
Layout const& flyway_layout();

} // namespace migrator
