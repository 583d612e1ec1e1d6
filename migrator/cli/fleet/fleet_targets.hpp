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
    std::string source;             // "targets.yaml:12": the entry it came from
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

// One part of a fleet split over several runners (--shard I/N): I from 1 to N.
struct Shard {
    int index = 1;
    int count = 1;
};

// The shard of `--shard` (I/N), else of `--shards N` with JOB_COMPLETION_INDEX (a Kubernetes
// Indexed Job's 0-based index), else of MIGRATOR_SHARD (I/N); nullopt when none is given.
// UsageError naming the flag or variable for a malformed or out-of-range value.
std::optional<Shard> shard_from(std::optional<std::string> const& flag, std::optional<int> shards,
                                GetEnv const& getenv);

// The targets of shard `shard`, in their order: those whose name's 64-bit FNV-1a hash, modulo
// N, is I - 1. It depends on the name alone, so the N shards cover every target exactly once
// whatever the file's order, and adding a target moves no other one.
std::vector<FleetTarget> shard_targets(std::vector<FleetTarget> const& targets, Shard shard);

} // namespace migrator::cli
