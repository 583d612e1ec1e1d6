#pragma once
// What the CLI's YAML readers (migrator.yaml, a fleet's targets file) share: errors that name
// file:line, unknown keys refused, ${VAR} taken from the environment.

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>

#include "config.hpp"
#include "render/output.hpp"

namespace migrator::cli {

// "file:line" for a node (line 1-based), or the file alone when yaml-cpp has no position.
std::string where(std::string const& file, YAML::Mark const& mark);
// UsageError naming file:line and the keys it expects, for a key of `map` not in `known`.
void reject_unknown_keys(YAML::Node const& map, std::set<std::string> const& known, std::string const& file);
// A scalar's text with every ${VAR} replaced; UsageError naming file:line for a variable
// `getenv` does not know, an unterminated ${, or a node that is not text.
// `missing_note(NAME)` adds to the message for an unset variable (a .env line that could not be
// read).
std::string interpolate(YAML::Node const& node, std::string const& file, GetEnv const& getenv,
                        std::function<std::string(std::string const&)> const& missing_note = {});

} // namespace migrator::cli
