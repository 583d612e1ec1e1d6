#pragma once
// Durations as the CLI and config files write them. Pure functions, safe from any thread.

#include <chrono>
#include <string_view>

#include "migrator/export.hpp"

namespace migrator {

using Timeout = std::chrono::milliseconds;

// "500ms", "30s", "5m", bare seconds ("30"), or Go's grammar ("1h", "1m30s", "1.5s"), at most a
// week. Throws UsageError (exit 2) otherwise.
MIGRATOR_API Timeout parse_duration(std::string_view text);

} // namespace migrator
