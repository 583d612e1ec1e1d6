#pragma once
// Settings resolved from flags, environment variables and migrator.yaml, highest first
// (DESIGN.md "Configuration"). The CLI's business, not the library's: it is about flags.
// Pure: the environment is passed in, nothing is printed.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "migrator/migrator.hpp"

namespace migrator::cli {

// What the command line said; empty optionals mean "not given".
struct ConfigOverrides {
    std::optional<std::string> database;
    std::optional<std::string> migrations_dir;
    std::optional<std::string> config_file;
    std::optional<std::string> environment;
    std::optional<std::string> version_table;
    std::optional<std::string> lock_timeout;
    std::optional<std::string> format; // a layout name, or "detect"
};

struct Config {
    std::optional<std::string> database_url; // raw URL text; may be absent (see require_database)
    std::string database_base_dir;           // where relative sqlite:/// paths resolve
    // Where database_url came from, for the line a writing command starts with: "--database",
    // "DATABASE_URL from .env:1", "--env production in migrator.yaml:9", ...
    std::string database_source;
    std::string migrations_dir = "migrations";
    std::string version_table = "schema_version";
    std::string environment; // the selected environment, if any
    Timeout lock_timeout = std::chrono::seconds(60);
    std::string config_file;         // the file that was read, or empty
    Format format = Format::detect;  // --format, else the file's `format:`
    bool single_transaction = false; // `single_transaction: true`: up and down as with --single-transaction
    NewVersion new_version = NewVersion::tool_default; // `new_version: sequence|timestamp`: new's numbering
    // `lint: {since: VERSION, allow: {"0042": [rule, ...]}}`: what check's lint leaves out.
    struct Lint {
        std::optional<std::int64_t> since;
        std::map<std::int64_t, std::vector<std::string>> allow;
        std::vector<std::pair<std::string, std::string>> allow_where; // each id, "migrator.yaml:LINE"
    } lint;

    // What the user should hear about (a .env line that could not be read), one line each.
    std::vector<std::string> warnings;
    // For the "no database" error: the .env lines that could have set DATABASE_URL but could not be read.
    std::string database_note;

    // Environments the file defines when none was selected (several, no default): listed by the
    // error that no database was found.
    std::vector<std::string> unselected_environments;

    // Throws UsageError naming the three places a database URL can come from, the config file
    // read (or that none was), and the environments to choose from when none was chosen.
    std::string const& require_database() const;
};

using GetEnv = std::function<std::optional<std::string>(std::string const&)>;
GetEnv process_environment();

// Reads `overrides.config_file`, or ./migrator.yaml when present, and the `.env` files beside it
// and in the working directory (variables the real environment lacks). The database comes from,
// highest first: --database; the file's entry for --env; DATABASE_URL from the process; the
// file's entry for the process's MIGRATOR_ENV; DATABASE_URL from .env; the file's entry for
// .env's MIGRATOR_ENV, default_environment or the only environment, else its top level. Throws UsageError
// (exit 2) for a missing explicit file, one that is a directory or unreadable (with the OS reason), malformed
// YAML (with file:line), unknown keys, a missing environment, or a ${VAR} that is unset in the selected
// environment.
Config resolve_config(ConfigOverrides const& overrides, GetEnv const& getenv);

} // namespace migrator::cli
