#pragma once
// Reads a migrations directory (DESIGN.md "Migrations on disk") for one dialect. Every
// malformed input is a MigrationSetError (exit 2) starting with "path[:line]: "; nothing
// is silently skipped except plain files. Each needed file is read once.

#include <filesystem>
#include <string>

#include "migrator/migration.hpp"
#include "migrator/statement_splitter.hpp"

namespace migrator {

class Loader {
public:
    // `dialect` chooses the script overrides (up.<dialect>.sql) and the `dialects:` filter;
    // `flavor` is how the scripts are split for checks (transaction control, emptiness).
    static MigrationSet load(std::filesystem::path const& dir, std::string const& dialect, SqlFlavor flavor);

    // True for a folder name of the form <digits>_<name>.
    static bool is_migration_folder_name(std::string const& name);
};

} // namespace migrator
