#pragma once
// Where a migration set comes from: a directory laid out as in DESIGN.md "Migrations on
// disk" or as another tool lays it out (Format), or the same files compiled into the program
// (migrator_embed_migrations, see the README). Both load through one loader, so an embedded set equals the
// directory it came from: versions, names, per-dialect scripts, migration.yaml metadata and checksums.
//
// Thread-safety: an immutable value; load() may run concurrently.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/export.hpp"
#include "migrator/migration.hpp"

namespace migrator {

class Dialect;
class DialectRegistry;

// The layouts a directory may be written in: migrator's own (DESIGN.md "Migrations on disk")
// and other tools', read in place (README "Switching from another tool").
enum class Format { detect, migrator, golang_migrate, dbmate, goose, diesel, sqlx, flyway };

// "migrator", "golang-migrate", ... as the CLI's --format takes them.
MIGRATOR_API std::string_view format_name(Format format) noexcept;
// nullopt for a name that is not one of format_name()'s.
MIGRATOR_API std::optional<Format> parse_format(std::string_view name) noexcept;
// Every name parse_format() takes, in order, "detect" excluded.
MIGRATOR_API std::vector<std::string> format_names();

struct MIGRATOR_API SourceOptions {
    Format format = Format::detect; // detect: from the entries' names (and dbmate/goose markers)
    // A missing or empty directory is an empty set instead of a MigrationSetError, so that a
    // wrong path can never look like "nothing to do" unless asked for.
    bool allow_empty = false;
};

// How much of each migration load() reads. `up_only` is for a caller that runs no down script
// (`up`): in migrator's own layout the down files are checked to exist but neither read nor
// split, so each Migration's `down` is empty with its `path` naming the file. A malformed down
// script is then reported by the commands that read it (`down`, `status`, `validate`, `check`).
// `up_text` is `up_only` without splitting: each up script's text and checksum, its
// `statements` empty. It tells whether anything is pending and whether an applied script
// changed, which is all a no-op `up` (what every deploy pays) needs. Migrator::up loads the
// set so and splits only the scripts of the steps it runs, from the text already read: the
// Migration a RunReport or an Observer of a live `up` sees has its up text, not its
// statements. Layouts that keep both scripts in one file, or infer the transaction from both,
// read them whole either way.
enum class LoadScope { whole, up_only, up_text };

// One file of an embedded set: `path` is "<folder>/<file>", e.g. "0001_create_users/up.sql".
struct MIGRATOR_API EmbeddedFile {
    std::string_view path;
    std::string_view content;
};

class MIGRATOR_API MigrationSource {
public:
    // The seam for other sources: list the top-level entries, read a folder's file (folder ""
    // for a top-level file, as flat layouts keep them).
    class Tree {
    public:
        struct Entry {
            std::string name;
            bool directory = false;
            bool escapes = false; // a symbolic link that leads outside the root
        };
        virtual ~Tree();
        // Throws MigrationSetError when the root does not exist or cannot be listed.
        virtual std::vector<Entry> entries() const = 0;
        // The entries of one top-level folder (migrator's repeatable/), unsorted. Default: none.
        virtual std::vector<Entry> entries_of(std::string const& /*folder*/) const { return {}; }
        // The file's bytes, or nullopt when it does not exist. Throws MigrationSetError when it
        // exists but cannot be read.
        virtual std::optional<std::string> read(std::string const& folder, std::string const& file) const = 0;
        // Whether the file exists, without reading it (the default reads it). Throws
        // MigrationSetError when it exists but is not a regular file.
        virtual bool exists(std::string const& folder, std::string const& file) const;
        // How messages name the root, a folder or a file in it.
        virtual std::string display(std::string const& folder = {}, std::string const& file = {}) const = 0;
        // The directory on disk, when there is one (snapshots live beside it).
        virtual std::filesystem::path directory() const { return {}; }
    };

    static MigrationSource directory(std::filesystem::path dir, SourceOptions options = {});
    // `files` must outlive the source (the generated arrays are static). `name` is shown in
    // messages as "embedded:<name>/<folder>/<file>".
    static MigrationSource embedded(std::string name, std::vector<EmbeddedFile> const& files,
                                    SourceOptions options = {});
    explicit MigrationSource(std::shared_ptr<Tree const> tree, SourceOptions options = {});

    // The set as `dialect` sees it: its script overrides, its `dialects:` filter, its split.
    // `dialects`: the names migration.yaml may list, and the names other tools' files give
    // them. Throws MigrationSetError (exit 2) with path[:line] for every malformed input.
    // `scope`: LoadScope::up_only for a caller that runs no down script (see LoadScope).
    MigrationSet load(Dialect const& dialect, DialectRegistry const& dialects,
                      LoadScope scope = LoadScope::whole) const;
    Tree const& tree() const noexcept { return *tree_; }
    SourceOptions const& options() const noexcept { return options_; }
    // The layout load() reads: options().format, or the detected one. Throws MigrationSetError
    // (exit 2) when the entries match no layout or mix two.
    Format format(DialectRegistry const& dialects) const;
    // Which registered dialects the set loads for: each name with "" when it loads, else the
    // error. Another tool's set with no per-dialect files may hold one database's SQL alone
    // (PostgreSQL's $$ bodies do not split as SQLite), and is read only for the dialects it
    // loads for. Throws MigrationSetError when it loads for none, naming each one's error.
    std::vector<std::pair<std::string, std::string>>
    dialects_it_loads_for(DialectRegistry const& dialects) const;

private:
    std::shared_ptr<Tree const> tree_;
    SourceOptions options_;
};

// How `new` numbers the next migration: as the set's tool does by default (migrator: the next
// sequence number; dbmate, diesel: a timestamp; goose, sqlx: a timestamp unless the set is
// numbered in sequence), or as asked.
enum class NewVersion { tool_default, sequence, timestamp };

// `new NAME`: writes the next migration into `source`'s directory, in the set's own layout (its
// tool's file names and template: golang-migrate's NNNNNN_name.up.sql and .down.sql, dbmate's
// YYYYMMDDHHMMSS_name.sql with its markers, goose's annotations, Flyway's V<next>__name.sql,
// sqlx's and diesel's), its version after every one there, its up the scaffold line that up
// refuses until SQL replaces it. `utc_now` is YYYYMMDDHHMMSS. Returns the paths written. Throws
// MigrationSetError when the directory mixes layouts (nothing is written), UsageError when the
// next file exists, FileError when it cannot be written.
MIGRATOR_API std::vector<std::string> scaffold_migration(MigrationSource const& source,
                                                         DialectRegistry const& dialects,
                                                         std::string const& name, NewVersion style,
                                                         std::string const& utc_now);

// `import --to`: writes `source`'s set under `to` (created; it must be missing or empty) in
// migrator's own layout: <version>_<name>/ with up.sql and down.sql (up.<dialect>.sql where the
// dialects' scripts differ) and a migration.yaml where the source said "no transaction" or
// served only some dialects. Scripts are written as loaded, so checksums match the set read in
// place. Returns the folders written, in version order. Throws MigrationSetError for a
// malformed source, UsageError when `to` holds anything, FileError when it cannot be written.
MIGRATOR_API std::vector<std::string> write_migrator_layout(MigrationSource const& source,
                                                            DialectRegistry const& dialects,
                                                            std::filesystem::path const& to);

} // namespace migrator
