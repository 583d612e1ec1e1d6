#pragma once
// Turns a migration tree (a directory, or embedded files) into the MigrationSet one dialect
// sees (DESIGN.md "Migrations on disk"). Every malformed input is a MigrationSetError (exit 2)
// starting with "path[:line]: "; nothing is silently skipped except plain files and hidden
// folders. Each file it needs is read once, and each script is split once, by the dialect.

#include <string>
#include <vector>

#include "migrator/dialect.hpp"
#include "migrator/migration_source.hpp"

namespace migrator {

class Loader {
public:
    // `known_dialects`: the names a migration.yaml `dialects:` list may hold.
    static MigrationSet load(MigrationSource::Tree const& tree, Dialect const& dialect,
                             std::vector<std::string> const& known_dialects);
};

} // namespace migrator
