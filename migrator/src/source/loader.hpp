#pragma once
// Turns a migration tree (a directory, or embedded files) into the MigrationSet one dialect
// sees, in the layout the options name or the one detected (layout.hpp). Every malformed input
// is a MigrationSetError (exit 2) starting with "path[:line]: "; nothing is silently skipped
// except plain files that are not scripts and hidden entries. An empty or missing directory is
// an error unless options.allow_empty. Each file is read once, and each script split once.

#include <string>
#include <vector>

#include "migrator/dialect.hpp"
#include "migrator/migration_source.hpp"
#include "source/layout.hpp"

namespace migrator {

class Loader {
public:
    static MigrationSet load(MigrationSource::Tree const& tree, SourceOptions const& options,
                             Dialect const& dialect, DialectNames const& dialects,
                             LoadScope scope = LoadScope::whole);
    // The layout load() would read.
    static Format format(MigrationSource::Tree const& tree, SourceOptions const& options,
                         DialectNames const& dialects);
};

} // namespace migrator
