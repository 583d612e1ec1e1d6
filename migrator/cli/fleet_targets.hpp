#pragma once
// A fleet's targets file (README "Fleets and tenants"): read, then expanded into the list of
// targets a fleet command runs on, before anything runs. Expansion lists each glob's files and
// runs each schema query (connecting to those databases, and only to those).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "migrator/migrator.hpp"

namespace migrator::cli {

struct FleetTarget {
    std::string name;   // unique in the fleet; "<entry>/<schema>" for a tenant schema
    std::string group;  // the entry it came from: --only may name it for all of its schemas
    std::string url;    // the URL as written (after ${VAR}); never printed
    std::string shown;  // the redacted URL
    std::string schema; // the tenant schema, "" for a whole database
    std::string migrations_dir;
    std::filesystem::path base_dir; // relative sqlite:/// paths resolve here (the file's directory)
};

struct FleetFile {
    std::string path;
    std::optional<int> parallel;
    std::vector<FleetTarget> targets;
};

// Reads `path` and expands it: globs matched, schema queries run, every URL parsed, names
// checked unique. `config` gives the defaults (migrations directory, version table, lock
// timeout) a file leaves out. Throws UsageError (exit 2) naming file:line and the target for a
// malformed file, an unknown key, an unset ${VAR}, an unparsable URL, a glob matching no file,
// a schema query that fails or finds no schema, a duplicate name.
FleetFile read_fleet(std::string const& path, Config const& config, DialectRegistry const& registry,
                     GetEnv const& getenv);

// The targets `only` names (a target's name, or an entry's name for all of its schemas), in the
// file's order; UsageError naming a name that matches none. Empty `only`: all of them.
std::vector<FleetTarget> select_targets(std::vector<FleetTarget> const& targets,
                                        std::vector<std::string> const& only);

} // namespace migrator::cli
