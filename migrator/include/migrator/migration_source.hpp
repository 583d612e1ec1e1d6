#pragma once
// Where a migration set comes from: a directory laid out as in DESIGN.md "Migrations on
// disk", or the same files compiled into the program (migrator_embed_migrations, see the
// README). Both load through one loader, so an embedded set equals the directory it came from:
// versions, names, per-dialect scripts, migration.yaml metadata and checksums.
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

// One file of an embedded set: `path` is "<folder>/<file>", e.g. "0001_create_users/up.sql".
struct MIGRATOR_API EmbeddedFile {
    std::string_view path;
    std::string_view content;
};

class MIGRATOR_API MigrationSource {
public:
    // The seam for other sources: list the top-level entries, read a folder's file.
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
        // The file's bytes, or nullopt when it does not exist. Throws MigrationSetError when it
        // exists but cannot be read.
        virtual std::optional<std::string> read(std::string const& folder, std::string const& file) const = 0;
        // How messages name the root, a folder or a file in it.
        virtual std::string display(std::string const& folder = {}, std::string const& file = {}) const = 0;
        // The directory on disk, when there is one (snapshots live beside it).
        virtual std::filesystem::path directory() const { return {}; }
    };

    static MigrationSource directory(std::filesystem::path dir);
    // `files` must outlive the source (the generated arrays are static). `name` is shown in
    // messages as "embedded:<name>/<folder>/<file>".
    static MigrationSource embedded(std::string name, std::vector<EmbeddedFile> files);
    explicit MigrationSource(std::shared_ptr<Tree const> tree);

    // The set as `dialect` sees it: its script overrides, its `dialects:` filter, its split.
    // `known_dialects`: the names migration.yaml may list. Throws MigrationSetError (exit 2)
    // with path[:line] for every malformed input.
    MigrationSet load(Dialect const& dialect, std::vector<std::string> const& known_dialects) const;
    Tree const& tree() const noexcept { return *tree_; }

private:
    std::shared_ptr<Tree const> tree_;
};

} // namespace migrator
